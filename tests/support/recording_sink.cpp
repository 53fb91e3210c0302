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
      // Signals are the old default and stay implicit; the run's own stops are spelled out.
      if (event.reason == StopReason::timeout || event.reason == StopReason::task_failed ||
          event.reason == StopReason::deadlock) {
        line += " reason=" + std::string(to_string(event.reason));
      }
      if (!event.text.empty()) line += " waiting_for=" + std::string(event.text);
      break;
    case EventKind::run_end:
      line += " elapsed=" + format_seconds(event.run->elapsed) +
              " finished=" + std::to_string(event.run->finished) +
              " cancelled=" + std::to_string(event.run->cancelled);
      if (event.run->failed > 0) line += " failed=" + std::to_string(event.run->failed);
      if (event.run->stopped_by == StopReason::timeout ||
          event.run->stopped_by == StopReason::task_failed ||
          event.run->stopped_by == StopReason::deadlock) {
        line += " stopped_by=" + std::string(to_string(event.run->stopped_by));
      }
      break;
    case EventKind::block:
    case EventKind::work_queue:
      line += " " + format_duration(event.seconds);
      break;
    case EventKind::unblock:
      line += " held=" + format_duration(event.held);
      break;
    case EventKind::work_start:
      line +=
          " waited=" + format_duration(event.waited) + " worker=" + std::to_string(event.worker);
      break;
    case EventKind::work_end:
      line += " late=" + format_duration(event.late) + " worker=" + std::to_string(event.worker);
      break;
    case EventKind::fail:
      line += " at=" + std::string(event.at) + " message=" + std::string(event.text);
      break;
    default:
      break;
  }
  lines.push_back(line);
}

}  // namespace asyncdemo::testing
