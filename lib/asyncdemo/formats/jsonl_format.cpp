#include "asyncdemo/formats/jsonl_format.hpp"

#include "asyncdemo/formats/json.hpp"

#include <charconv>
#include <cstdint>

namespace asyncdemo {
namespace {

void add_string(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  append_json_string(out, value);
}

void add_seconds(std::string& out, std::string_view key, Duration value) {
  out += ",\"";
  out += key;
  out += "\":";
  append_seconds(out, value);
}

void add_count(std::string& out, std::string_view key, std::uint64_t value) {
  out += ",\"";
  out += key;
  out += "\":";
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Theory is null when it cannot know (the tasks fetch).
void add_theory(std::string& out, const RunFacts& run) {
  if (run.theory_known()) {
    add_seconds(out, "theory", run.theory);
  } else {
    out += ",\"theory\":null";
  }
}

// What the tasks wait on and, with work, the pool size theory counted with.
void add_plan(std::string& out, const RunFacts& run) {
  if (run.waits.any()) add_string(out, "waits", to_string(run.waits));
  if (run.threads != 0) add_count(out, "threads", run.threads);
}

}  // namespace

std::string JsonLinesFormat::line(const TraceEvent& event) {
  std::string out;
  append_line(out, event);
  return out;
}

void JsonLinesFormat::append_line(std::string& out, const TraceEvent& event) {
  out += "{\"t\":";
  append_seconds(out, event.t);
  add_string(out, "mode", to_string(event.mode));
  add_string(out, "event", to_string(event.kind));
  if (!event.task.empty()) add_string(out, "task", event.task);
  switch (event.kind) {
    case EventKind::print:
      add_string(out, "text", event.text);
      break;
    case EventKind::sleep:
      add_seconds(out, "seconds", event.seconds);
      break;
    case EventKind::wake:
      add_seconds(out, "late", event.late);
      break;
    case EventKind::cancel:
      if (!event.at.empty()) add_string(out, "at", event.at);
      if (event.reason != StopReason::none) add_string(out, "reason", to_string(event.reason));
      break;
    case EventKind::block:
    case EventKind::work_queue:
      add_seconds(out, "seconds", event.seconds);
      break;
    case EventKind::unblock:
      add_seconds(out, "held", event.held);
      break;
    case EventKind::work_start:
      add_seconds(out, "waited", event.waited);
      if (event.worker != 0) add_count(out, "worker", event.worker);
      break;
    case EventKind::work_end:
      add_seconds(out, "late", event.late);
      if (event.worker != 0) add_count(out, "worker", event.worker);
      break;
    case EventKind::fail:
      add_string(out, "at", event.at);
      add_string(out, "message", event.text);
      break;
    case EventKind::fetch_resolved:
      add_string(out, "url", event.text);
      add_string(out, "address", event.at);
      add_seconds(out, "seconds", event.seconds);
      break;
    case EventKind::fetch_connected:
      add_string(out, "url", event.text);
      add_string(out, "address", event.at);
      break;
    case EventKind::fetch_sent:
      add_string(out, "url", event.text);
      add_count(out, "bytes", event.bytes);
      break;
    case EventKind::fetch_first_byte:
      add_string(out, "url", event.text);
      add_seconds(out, "seconds", event.seconds);
      break;
    case EventKind::fetch_done:
      add_string(out, "url", event.text);
      add_count(out, "status", static_cast<std::uint64_t>(event.status));
      add_count(out, "bytes", event.bytes);
      add_seconds(out, "seconds", event.seconds);
      add_string(out, "body", event.body);
      break;
    case EventKind::run_start:
      add_string(out, "clock", to_string(event.run->clock));
      add_count(out, "tasks", event.run->tasks);
      add_theory(out, *event.run);
      add_plan(out, *event.run);
      break;
    case EventKind::run_end:
      add_seconds(out, "elapsed", event.run->elapsed);
      add_string(out, "clock", to_string(event.run->clock));
      add_count(out, "tasks", event.run->tasks);
      add_count(out, "finished", event.run->finished);
      add_count(out, "cancelled", event.run->cancelled);
      add_theory(out, *event.run);
      add_count(out, "events", event.run->events);
      add_seconds(out, "late_p50", event.run->late_p50);
      add_seconds(out, "late_p99", event.run->late_p99);
      add_seconds(out, "late_max", event.run->late_max);
      add_count(out, "peak_asleep", event.run->peak_asleep);
      add_count(out, "loop_iterations", event.run->loop_iterations);
      add_count(out, "failed", event.run->failed);
      if (event.run->stopped_by != StopReason::none) {
        add_string(out, "stopped_by", to_string(event.run->stopped_by));
      }
      add_seconds(out, "blocked_total", event.run->blocked_total);
      add_seconds(out, "blocked_max", event.run->blocked_max);
      add_seconds(out, "queue_wait_max", event.run->queue_wait_max);
      add_plan(out, *event.run);
      break;
    case EventKind::start:
    case EventKind::end:
      break;
  }
  out += '}';
}

void JsonLinesFormat::write(const TraceEvent& event) {
  line_.clear();  // one buffer for every line: no allocation per event
  append_line(line_, event);
  out_.write_line(line_);
}

}  // namespace asyncdemo
