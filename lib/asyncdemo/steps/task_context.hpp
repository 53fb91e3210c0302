#pragma once

#include <string_view>

#include "asyncdemo/runtime/executor.hpp"
#include "asyncdemo/runtime/parking.hpp"
#include "asyncdemo/steps/task_name.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

class SleepFor;
class SocketAccess;

// One task of a run as its executor sees it: the parking slot every wait of the task goes
// through, its name, and where it runs and records. The scheduler keeps one per task, in task
// order, for as long as the run lasts.
class TaskState final : public Parked {
 public:
  TaskState(std::string_view name, Executor& executor, Trace& trace)
      : name_(name), executor_(&executor), trace_(&trace) {}
  std::string_view label() const override { return name_.view(); }

  Executor& executor() const { return *executor_; }
  Trace& trace() const { return *trace_; }
  bool ended = false;   // its root coroutine has ended: finished, failed or cancelled
  bool yields = false;  // the sleep under way is sleep(0)

 private:
  TaskName name_;
  Executor* executor_;
  Trace* trace_;
};

// What a running step can see and do: the time, waiting through the executor, and recording
// events of its own task. It lives in the task's root coroutine frame, so it is one pointer: a
// million sleeping tasks hold a million of these.
class TaskContext {
 public:
  explicit TaskContext(TaskState& task) : task_(&task) {}

  Executor& executor() const { return task_->executor(); }
  Duration now() const { return executor().clock().now(); }
  std::string_view task() const { return task_->label(); }
  // The task's parking slot, for a step that parks it (work, sockets).
  TaskState& self() const { return *task_; }
  // Sockets, for a step that needs them; null on the virtual clock.
  SocketAccess* sockets() const { return executor().sockets(); }

  // co_await ctx.sleep_for(duration): asyncio.sleep, recorded as a sleep and a wake event.
  // sleep_for(0) is asyncio.sleep(0): a bare yield that lets every ready task run first.
  SleepFor sleep_for(Duration duration);

  // An event of this task stamped with the current time, for the caller to fill in and record
  // before its next co_await.
  TraceEvent event(EventKind kind) const {
    TraceEvent e;
    e.kind = kind;
    e.t = now();
    e.mode = executor().mode();
    e.task = task();
    return e;
  }
  void record(const TraceEvent& event) const { task_->trace().record(event); }

 private:
  TaskState* task_;
};

// The awaitable behind TaskContext::sleep_for. Recording happens in out-of-line functions so
// that the events built there live on the stack, not in every sleeping coroutine's frame.
class SleepFor {
 public:
  SleepFor(const TaskContext& ctx, Duration duration);
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    TaskState& task = ctx_.self();
    task.waiter = waiter;
    if (task.yields) return task.executor().yield_now(task);
    task.timed = true;
    return task.executor().park(task);
  }
  // Throws Cancelled if the task was cancelled meanwhile; records the wake otherwise.
  void await_resume() const;

 private:
  TaskContext ctx_;
};

inline SleepFor TaskContext::sleep_for(Duration duration) {
  return SleepFor(*this, duration);
}

}  // namespace asyncdemo
