#pragma once

#include <string_view>

#include "asyncdemo/runtime/executor.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

// What a running step can see and do: the time, waiting through the executor, and recording
// events of its own task. Lives in the task's root coroutine frame.
class TaskContext {
 public:
  TaskContext(Executor& executor, Trace& trace, std::string_view task)
      : executor_(executor), trace_(trace), task_(task) {}

  Executor& executor() { return executor_; }
  Duration now() const { return executor_.clock().now(); }
  std::string_view task() const { return task_; }

  // co_await ctx.sleep_until(deadline); throws Cancelled if the run stops meanwhile.
  SleepUntil sleep_until(Duration deadline) { return SleepUntil(executor_, deadline, task_); }

  // An event of this task stamped with the current time, for the caller to fill in and record.
  TraceEvent event(EventKind kind) const {
    TraceEvent e;
    e.kind = kind;
    e.t = now();
    e.mode = executor_.mode();
    e.task = task_;
    return e;
  }
  void record(const TraceEvent& event) { trace_.record(event); }

 private:
  Executor& executor_;
  Trace& trace_;
  std::string_view task_;
};

}  // namespace asyncdemo
