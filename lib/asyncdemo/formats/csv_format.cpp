#include "asyncdemo/formats/csv_format.hpp"

#include <array>

namespace asyncdemo {
namespace {

// The JSON-lines fields, in the order JSON lines writes them.
constexpr std::array<std::string_view, 37> kColumns{
    "t", "mode", "event", "task", "text", "at", "seconds", "late", "clock", "tasks", "theory",
    "elapsed", "finished", "cancelled", "events", "late_p50", "late_p99", "late_max", "peak_asleep",
    "loop_iterations",
    // The pitfalls' fields, after the first twenty so that those keep their places.
    "reason", "held", "waited", "worker", "message", "failed", "stopped_by", "blocked_total",
    "blocked_max", "queue_wait_max",
    // The fetch events' fields.
    "url", "address", "status", "bytes",
    // What the tasks wait on, the pool size theory counted with, and what a fetch received.
    "waits", "threads", "body"};

}  // namespace

std::string CsvFormat::field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvFormat::header() {
  std::string out;
  for (std::string_view column : kColumns) {
    if (!out.empty()) out += ',';
    out += column;
  }
  return out;
}

std::string CsvFormat::row(const TraceEvent& event) {
  std::array<std::string, kColumns.size()> values;
  values[0] = format_seconds(event.t);
  values[1] = to_string(event.mode);
  values[2] = to_string(event.kind);
  values[3] = event.task;
  switch (event.kind) {
    case EventKind::print:
      values[4] = event.text;
      break;
    case EventKind::sleep:
      values[6] = format_seconds(event.seconds);
      break;
    case EventKind::wake:
      values[7] = format_seconds(event.late);
      break;
    case EventKind::cancel:
      values[5] = event.at;
      if (event.reason != StopReason::none) values[20] = to_string(event.reason);
      break;
    case EventKind::block:
    case EventKind::work_queue:
      values[6] = format_seconds(event.seconds);
      break;
    case EventKind::unblock:
      values[21] = format_seconds(event.held);
      break;
    case EventKind::work_start:
      values[22] = format_seconds(event.waited);
      if (event.worker != 0) values[23] = std::to_string(event.worker);
      break;
    case EventKind::work_end:
      values[7] = format_seconds(event.late);
      if (event.worker != 0) values[23] = std::to_string(event.worker);
      break;
    case EventKind::fail:
      values[5] = event.at;
      values[24] = event.text;
      break;
    case EventKind::fetch_resolved:
      values[30] = event.text;
      values[31] = event.at;
      values[6] = format_seconds(event.seconds);
      break;
    case EventKind::fetch_connected:
      values[30] = event.text;
      values[31] = event.at;
      break;
    case EventKind::fetch_sent:
      values[30] = event.text;
      values[33] = std::to_string(event.bytes);
      break;
    case EventKind::fetch_first_byte:
      values[30] = event.text;
      values[6] = format_seconds(event.seconds);
      break;
    case EventKind::fetch_done:
      values[30] = event.text;
      values[32] = std::to_string(event.status);
      values[33] = std::to_string(event.bytes);
      values[6] = format_seconds(event.seconds);
      values[36] = event.body;
      break;
    case EventKind::run_end:
      values[11] = format_seconds(event.run->elapsed);
      values[12] = std::to_string(event.run->finished);
      values[13] = std::to_string(event.run->cancelled);
      values[14] = std::to_string(event.run->events);
      values[15] = format_seconds(event.run->late_p50);
      values[16] = format_seconds(event.run->late_p99);
      values[17] = format_seconds(event.run->late_max);
      values[18] = std::to_string(event.run->peak_asleep);
      values[19] = std::to_string(event.run->loop_iterations);
      values[25] = std::to_string(event.run->failed);
      if (event.run->stopped_by != StopReason::none) values[26] = to_string(event.run->stopped_by);
      values[27] = format_seconds(event.run->blocked_total);
      values[28] = format_seconds(event.run->blocked_max);
      values[29] = format_seconds(event.run->queue_wait_max);
      [[fallthrough]];
    case EventKind::run_start:
      values[8] = to_string(event.run->clock);
      values[9] = std::to_string(event.run->tasks);
      if (event.run->theory_known()) values[10] = format_seconds(event.run->theory);
      values[34] = to_string(event.run->waits);
      if (event.run->threads != 0) values[35] = std::to_string(event.run->threads);
      break;
    case EventKind::start:
    case EventKind::end:
      break;
  }
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += field(values[i]);
  }
  return out;
}

void CsvFormat::write(const TraceEvent& event) {
  if (!wrote_header_) {
    out_.write_line(header());
    wrote_header_ = true;
  }
  out_.write_line(row(event));
}

}  // namespace asyncdemo
