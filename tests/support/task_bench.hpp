#pragma once

#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/task.hpp"
#include "asyncdemo/runtime/virtual_loop.hpp"
#include "asyncdemo/steps/task_context.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo::testing {

// Tasks whose root coroutines a test writes, on a virtual event loop of their own: to drive one
// coordination primitive (a limit, a queue, an event) without the scheduler, and to see exactly
// when each task goes on. The roots note what they see; a note is "1.000000 b holds db".
class TaskBench {
 public:
  TaskBench();
  TaskBench(const TaskBench&) = delete;
  TaskBench& operator=(const TaskBench&) = delete;

  // A new task called `name` that has not started.
  TaskContext task(std::string_view name);
  // Queues the first step of `root`, a coroutine of `ctx`'s task, for the loop's next turn, as
  // create_task does.
  void start(const TaskContext& ctx, Task root);
  // Runs turns until every started root has ended: true; false when some still wait and nothing
  // can wake them.
  bool run();
  // Cancels the tasks where they stand, in the order given, as a timeout does.
  void cancel(std::initializer_list<TaskContext> tasks);
  // How the root of `ctx`'s task ended: "finished", "cancelled", "failed: MESSAGE", "waiting"
  // or "not started".
  std::string outcome(const TaskContext& ctx) const;

  void note(const TaskContext& ctx, std::string_view what);
  std::vector<std::string> notes;
  Executor& executor() { return loop_; }

 private:
  StopSignal stop_;
  VirtualClock clock_{stop_};
  VirtualLoop loop_{clock_, stop_};
  Trace trace_;
  RunScope scope_{loop_, trace_, nullptr};
  std::deque<TaskState> tasks_;
  std::deque<Task> roots_;  // by task, once started
};

}  // namespace asyncdemo::testing
