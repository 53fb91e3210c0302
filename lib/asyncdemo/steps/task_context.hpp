#pragma once

#include <string_view>

#include "asyncdemo/runtime/executor.hpp"
#include "asyncdemo/steps/task_name.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

class SleepFor;

// What a running step can see and do: the time, waiting through the executor, and recording
// events of its own task. Lives in the task's root coroutine frame, so it is kept small: a
// million sleeping tasks hold a million of these.
class TaskContext {
 public:
  TaskContext(Executor& executor, Trace& trace, std::string_view task)
      : executor_(&executor), trace_(&trace), task_(task) {}

  Executor& executor() { return *executor_; }
  Duration now() const { return executor_->clock().now(); }
  std::string_view task() const { return task_.view(); }

  // co_await ctx.sleep_until(deadline); throws Cancelled if the run stops meanwhile.
  SleepUntil sleep_until(Duration deadline) { return SleepUntil(*executor_, deadline); }
  // co_await ctx.sleep_for(duration): asyncio.sleep, recorded as a sleep and a wake event.
  SleepFor sleep_for(Duration duration);

  // An event of this task stamped with the current time, for the caller to fill in and record
  // before its next co_await.
  TraceEvent event(EventKind kind) const {
    TraceEvent e;
    e.kind = kind;
    e.t = now();
    e.mode = executor_->mode();
    e.task = task();
    return e;
  }
  void record(const TraceEvent& event) { trace_->record(event); }

 private:
  Executor* executor_;
  Trace* trace_;
  TaskName task_;
};

// The awaitable behind TaskContext::sleep_for. Recording happens in out-of-line functions so
// that the events built there live on the stack, not in every sleeping coroutine's frame.
class SleepFor {
 public:
  SleepFor(TaskContext& ctx, Duration duration);
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    timer_.waiter = waiter;
    return ctx_.executor().wait(timer_);
  }
  // Throws Cancelled if the run was stopped meanwhile; records the wake otherwise.
  void await_resume() const;

 private:
  TaskContext& ctx_;
  Timer timer_;
};

inline SleepFor TaskContext::sleep_for(Duration duration) {
  return SleepFor(*this, duration);
}

}  // namespace asyncdemo
