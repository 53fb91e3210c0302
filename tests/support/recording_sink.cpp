#include "support/recording_sink.hpp"

namespace asyncdemo::testing {

void RecordingSink::write(const TraceEvent& event) {
  std::string line = format_seconds(event.t) + " " + std::string(to_string(event.mode)) + " ";
  if (!event.task.empty()) line += std::string(event.task) + " ";
  line += to_string(event.kind);
  switch (event.kind) {
    case EventKind::print:
      line += " " + std::string(event.text);
      break;
    case EventKind::sleep:
      line += " " + format_duration(event.seconds);
      break;
    case EventKind::wake:
      line += " late=" + format_duration(event.late);
      break;
    case EventKind::cancel:
      line += " at=" + std::string(event.at);
      break;
    case EventKind::run_end:
      line += " elapsed=" + format_seconds(event.run->elapsed) +
              " finished=" + std::to_string(event.run->finished) +
              " cancelled=" + std::to_string(event.run->cancelled);
      break;
    default:
      break;
  }
  lines.push_back(line);
}

}  // namespace asyncdemo::testing
