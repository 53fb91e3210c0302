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
    // The coordination events, with their JSON-lines field names.
    case EventKind::spawn:
      line += " child=" + std::string(event.other);
      break;
    case EventKind::await:
      line += " target=" + std::string(event.other);
      break;
    case EventKind::awaited:
      line += " target=" + std::string(event.other) + " waited=" + format_duration(event.waited);
      break;
    case EventKind::acquire:
    case EventKind::get:
    case EventKind::wait:
      line += " " + std::string(event.on);
      break;
    case EventKind::acquired:
      line += " " + std::string(event.on) + " holders=" + std::to_string(event.count) +
              " waited=" + format_duration(event.waited);
      if (!event.other.empty()) line += " from=" + std::string(event.other);
      break;
    case EventKind::release:
      line += " " + std::string(event.on) + " holders=" + std::to_string(event.count);
      if (!event.at.empty()) line += " at=" + std::string(event.at);
      break;
    case EventKind::put:
      line += " " + std::string(event.on) + " item=" + std::string(event.text);
      break;
    case EventKind::queued:
      line += " " + std::string(event.on) + " item=" + std::string(event.text) +
              " size=" + std::to_string(event.count) + " waited=" + format_duration(event.waited);
      break;
    case EventKind::got:
      line += " " + std::string(event.on) + " item=" + std::string(event.text) +
              " from=" + std::string(event.other) + " size=" + std::to_string(event.count) +
              " waited=" + format_duration(event.waited);
      break;
    case EventKind::woken:
      line += " " + std::string(event.on) + " waited=" + format_duration(event.waited);
      if (!event.other.empty()) line += " from=" + std::string(event.other);
      break;
    case EventKind::set:
      line += " " + std::string(event.on) + " woken=" + std::to_string(event.count);
      break;
    default:
      break;
  }
  lines.push_back(line);
}

}  // namespace asyncdemo::testing
