#include "asyncdemo/formats/chrome_format.hpp"

#include <fmt/format.h>

#include "asyncdemo/formats/json.hpp"

namespace asyncdemo {
namespace {

// Microseconds with the nanoseconds kept as three decimals: the format's unit is the
// microsecond, and fractions are allowed.
std::string micros(Duration d) {
  const std::int64_t ns = d.count();
  return fmt::format("{}.{:03}", ns / 1000, ns % 1000);
}

std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace

void ChromeFormat::emit(const std::string& object) {
  out_.write_line((opened_ ? "," : "[") + object);
  opened_ = true;
}

int ChromeFormat::thread_of(std::string_view task) {
  for (std::size_t i = 0; i < threads_.size(); ++i) {
    if (threads_[i] == task) return static_cast<int>(i) + 1;
  }
  threads_.emplace_back(task);
  const int tid = static_cast<int>(threads_.size());
  emit(fmt::format(R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":{}}}}})",
                   pid_, tid, quoted(task)));
  emit(fmt::format(
      R"({{"name":"thread_sort_index","ph":"M","pid":{},"tid":{},"args":{{"sort_index":{}}}}})",
      pid_, tid, tid));
  return tid;
}

void ChromeFormat::write(const TraceEvent& event) {
  if (event.kind == EventKind::run_start) {
    pid_ = event.mode == Mode::sync ? 1 : 2;
    threads_.clear();
    open_.clear();
    emit(fmt::format(
        R"j({{"name":"process_name","ph":"M","pid":{},"tid":0,"args":{{"name":"{} ({} clock)"}}}})j",
        pid_, to_string(event.mode), to_string(event.run->clock)));
    emit(fmt::format(
        R"({{"name":"process_sort_index","ph":"M","pid":{},"tid":0,"args":{{"sort_index":{}}}}})",
        pid_, pid_));
    return;
  }
  if (event.kind == EventKind::run_end) {
    emit(fmt::format(R"({{"name":"run_end","ph":"i","s":"p","pid":{},"tid":0,"ts":{},)"
                     R"("args":{{"elapsed_s":{},"finished":{},"cancelled":{}}}}})",
                     pid_, micros(event.t), format_seconds(event.run->elapsed), event.run->finished,
                     event.run->cancelled));
    return;
  }
  const int tid = thread_of(event.task);
  Open& open = open_[std::string(event.task)];
  const auto complete = [&](std::string_view name, std::string_view category, Duration from,
                            Duration to, const std::string& args) {
    emit(fmt::format(R"({{"name":{},"cat":"{}","ph":"X","pid":{},"tid":{},"ts":{},"dur":{})"
                     R"(,"args":{{{}}}}})",
                     quoted(name), category, pid_, tid, micros(from), micros(to - from), args));
  };
  switch (event.kind) {
    case EventKind::start:
      open.started = event.t;
      break;
    case EventKind::print:
      emit(fmt::format(R"({{"name":"print","cat":"print","ph":"i","s":"t","pid":{},"tid":{},)"
                       R"("ts":{},"args":{{"text":{}}}}})",
                       pid_, tid, micros(event.t), quoted(event.text)));
      break;
    case EventKind::sleep:
      open.asleep = event.t;
      open.planned = event.seconds;
      break;
    case EventKind::wake:
      complete("sleep " + format_duration(open.planned), "sleep", open.asleep, event.t,
               fmt::format(R"("seconds":{},"late_s":{})", format_seconds(open.planned),
                           format_seconds(event.late)));
      break;
    case EventKind::end:
      complete(event.task, "task", open.started, event.t, "");
      break;
    case EventKind::cancel:
      if (!event.at.empty()) {
        complete(event.task, "task", open.started, event.t,
                 fmt::format(R"("cancelled_at":{})", quoted(event.at)));
      }
      break;
    case EventKind::block:
      open.blocked = event.t;
      break;
    case EventKind::unblock:
      complete("block", "block", open.blocked, event.t,
               fmt::format(R"("held_s":{})", format_seconds(event.held)));
      break;
    case EventKind::work_queue:
      open.queued = event.t;
      open.work_planned = event.seconds;
      break;
    case EventKind::work_start:
      open.working = event.t;
      if (event.t > open.queued) {
        complete("queued", "pool", open.queued, event.t,
                 fmt::format(R"("waited_s":{})", format_seconds(event.waited)));
      }
      break;
    case EventKind::work_end:
      complete(
          "work " + format_duration(open.work_planned), "pool", open.working, event.t,
          fmt::format(R"("seconds":{},"worker":{},"late_s":{})", format_seconds(open.work_planned),
                      event.worker, format_seconds(event.late)));
      break;
    case EventKind::fail:
      complete(event.task, "task", open.started, event.t,
               fmt::format(R"("failed_at":{},"message":{})", quoted(event.at), quoted(event.text)));
      break;
    case EventKind::fetch_resolved:
      open.fetching = event.t;
      break;
    case EventKind::fetch_done:
      complete("fetch " + std::string(event.text), "fetch", open.fetching, event.t,
               fmt::format(R"("url":{},"status":{},"bytes":{})", quoted(event.text), event.status,
                           event.bytes));
      break;
    case EventKind::fetch_connected:
    case EventKind::fetch_sent:
    case EventKind::fetch_first_byte:
    case EventKind::run_start:
    case EventKind::run_end:
    case EventKind::spawn:
    case EventKind::await:
    case EventKind::awaited:
    case EventKind::acquire:
    case EventKind::acquired:
    case EventKind::release:
    case EventKind::put:
    case EventKind::queued:
    case EventKind::get:
    case EventKind::got:
    case EventKind::wait:
    case EventKind::woken:
    case EventKind::set:
      break;
  }
}

void ChromeFormat::finish() {
  if (!opened_) out_.write_line("[");
  out_.write_line("]");
}

}  // namespace asyncdemo
