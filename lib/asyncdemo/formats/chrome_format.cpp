#include "asyncdemo/formats/chrome_format.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "asyncdemo/formats/json.hpp"

namespace asyncdemo {
namespace {

constexpr int kLoopThread = 1;  // the event loop, or the main thread in sync mode

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

int pool_tid(unsigned worker) {
  return kLoopThread + static_cast<int>(worker);
}

// "asleep 1s", "on thread 2 · 1s": a wait's slice on its task's track.
std::string wait_name(const Span& span) {
  std::string name = std::string(look_of(span.state).name);
  if (span.state == State::on_thread && span.worker != 0) {
    name = fmt::format("on thread {}", span.worker);
  }
  return name + " " + label_duration(span.length());
}

std::string span_args(const Span& span) {
  std::string args = fmt::format(R"("state":{})", quoted(look_of(span.state).name));
  if (span.cause != Cause::none)
    args += fmt::format(R"(,"step":{})", quoted(to_string(span.cause)));
  if (span.asked > Duration::zero()) {
    args += fmt::format(R"(,"asked_s":{})", format_seconds(span.asked));
  }
  if (span.worker != 0) args += fmt::format(R"(,"thread":{})", span.worker);
  if (span.cut_short) args += R"(,"cancelled":true)";
  return args;
}

}  // namespace

void ChromeFormat::emit(const std::string& object) {
  out_.write_line((opened_ ? "," : "[") + object);
  opened_ = true;
}

void ChromeFormat::name_thread(int tid, std::string_view name) {
  emit(fmt::format(R"({{"name":"thread_name","ph":"M","pid":{},"tid":{},"args":{{"name":{}}}}})",
                   pid_, tid, quoted(name)));
  emit(fmt::format(
      R"({{"name":"thread_sort_index","ph":"M","pid":{},"tid":{},"args":{{"sort_index":{}}}}})",
      pid_, tid, tid));
}

ChromeFormat::TaskTrack& ChromeFormat::track_of(std::string_view task) {
  const auto found = tracks_.find(task);
  if (found != tracks_.end()) return found->second;
  const int id = static_cast<int>(tracks_.size()) + 1;
  return tracks_.emplace(std::string(task), TaskTrack{id, TaskStateTracker(mode_), false})
      .first->second;
}

void ChromeFormat::emit_async(char phase, int id, Duration t, std::string_view name,
                              const std::string& args) {
  emit(fmt::format(
      R"({{"name":{},"cat":"task","ph":"{}","id":{},"pid":{},"tid":{},"ts":{},"args":{{{}}}}})",
      quoted(name), phase, id, pid_, kLoopThread, micros(t), args));
}

void ChromeFormat::emit_span(std::string_view task, const TaskTrack& track, const Span& span) {
  const auto thread_slice = [&](int tid, std::string_view name, std::string_view category) {
    emit(fmt::format(
        R"({{"name":{},"cat":"{}","ph":"X","pid":{},"tid":{},"ts":{},"dur":{},"args":{{{}}}}})",
        quoted(name), category, pid_, tid, micros(span.from), micros(span.length()),
        span_args(span)));
  };
  if (span.state == State::running) {
    thread_slice(kLoopThread, task, "running");
    return;
  }
  // A wait is a slice on the task's own track, nested in its life. A job that found a thread
  // free at once was never queued.
  if (span.state == State::queued && span.length() == Duration::zero()) return;
  const std::string name = wait_name(span);
  emit_async('b', track.id, span.from, name, span_args(span));
  emit_async('e', track.id, span.to, name, "");
  if (span.state == State::blocking) {
    thread_slice(kLoopThread,
                 fmt::format("{}: {} {}", task,
                             legend_of(State::blocking, mode_ == Mode::sync, mode_ == Mode::async),
                             label_duration(span.length())),
                 "blocking");
  }
  if (span.state == State::on_thread && span.worker != 0) {
    if (std::find(pool_threads_.begin(), pool_threads_.end(), span.worker) == pool_threads_.end()) {
      pool_threads_.push_back(span.worker);
      name_thread(pool_tid(span.worker), fmt::format("pool thread {}", span.worker));
    }
    thread_slice(pool_tid(span.worker),
                 fmt::format("{}: work {}", task, label_duration(span.asked)), "pool");
  }
}

void ChromeFormat::emit_flow(const Flow& flow) {
  // Each end of an arrow is a slice of its own on the loop's thread, bound to the arrow by its
  // id (flow events v2): a task's own running slice may be zero long, or not yet written.
  const std::uint64_t id = ++flows_emitted_;
  const auto end = [&](Duration t, std::string_view name, std::string_view direction) {
    emit(fmt::format(R"({{"name":{},"cat":"flow","ph":"X","pid":{},"tid":{},"ts":{},"dur":0,)"
                     R"("bind_id":"0x{:x}","{}":true}})",
                     quoted(name), pid_, kLoopThread, micros(t), id, direction));
  };
  end(flow.from_t, flow.from, "flow_out");
  end(flow.to_t, flow.to, "flow_in");
}

void ChromeFormat::write(const TraceEvent& event) {
  if (event.kind == EventKind::run_start) {
    pid_ = event.mode == Mode::sync ? 1 : 2;
    mode_ = event.mode;
    tracks_.clear();
    pool_threads_.clear();
    flows_.clear();
    emit(fmt::format(
        R"j({{"name":"process_name","ph":"M","pid":{},"tid":0,"args":{{"name":"{} ({} clock)"}}}})j",
        pid_, to_string(event.mode), to_string(event.run->clock)));
    emit(fmt::format(
        R"({{"name":"process_sort_index","ph":"M","pid":{},"tid":0,"args":{{"sort_index":{}}}}})",
        pid_, pid_));
    name_thread(kLoopThread, event.mode == Mode::async ? "event loop" : "main thread");
    return;
  }
  if (event.kind == EventKind::run_end) {
    // Every task has ended by now; a task still open was cut short by the run's end.
    for (auto& [task, track] : tracks_) {
      closed_.clear();
      track.states.close(event.t, closed_);
      for (const Span& span : closed_) emit_span(task, track, span);
    }
    const RunFacts& run = *event.run;
    emit(fmt::format(R"({{"name":"run_end","ph":"i","s":"p","pid":{},"tid":{},"ts":{},)"
                     R"("args":{{"outcome":{},"elapsed_s":{},"finished":{},"failed":{},)"
                     R"("cancelled":{}}}}})",
                     pid_, kLoopThread, micros(event.t), quoted(run_outcome(run)),
                     format_seconds(run.elapsed), run.finished, run.failed, run.cancelled));
    return;
  }
  TaskTrack& track = track_of(event.task);
  if (event.kind == EventKind::start || (!track.begun && event.kind == EventKind::cancel)) {
    emit_async('b', track.id, event.t, event.task, "");
    track.begun = true;
  }
  closed_.clear();
  track.states.add(event, closed_);
  for (const Span& span : closed_) emit_span(event.task, track, span);
  if (const std::optional<Flow> flow = flows_.add(event)) emit_flow(*flow);
  switch (event.kind) {
    case EventKind::print:
      emit_async('n', track.id, event.t, "print", "\"text\":" + quoted(event.text));
      break;
    case EventKind::fetch_done:
      emit_async('n', track.id, event.t, "data arrived",
                 fmt::format(R"("url":{},"status":{},"bytes":{},"body":{})", quoted(event.text),
                             event.status, event.bytes, quoted(event.body)));
      break;
    case EventKind::end:
      emit_async('e', track.id, event.t, event.task, R"("ended":"finished")");
      break;
    case EventKind::fail:
      emit_async('e', track.id, event.t, event.task,
                 fmt::format(R"("ended":"failed","failed_at":{},"message":{})", quoted(event.at),
                             quoted(event.text)));
      break;
    case EventKind::cancel:
      emit_async('e', track.id, event.t, event.task,
                 fmt::format(R"("ended":"cancelled","cancelled_at":{},"by":{})",
                             quoted(event.at.empty() ? "before it started" : event.at),
                             quoted(to_string(event.reason))));
      break;
    default:
      break;
  }
}

void ChromeFormat::finish() {
  if (!opened_) out_.write_line("[");
  out_.write_line("]");
}

}  // namespace asyncdemo
