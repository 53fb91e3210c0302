#pragma once

#include <string_view>

#include "asyncdemo/core/task.hpp"

namespace asyncdemo {

class TaskContext;

// What a task can do to other tasks of its run, which the scheduler keeps: start one that waits
// to be spawned (asyncio.create_task), and wait until one ends (await task). A name is a task's
// or the base name of NAME*COUNT copies, which stands for every copy, in order.
class TaskLinks {
 public:
  // Records the spawn and starts the task(s): queued for the loop's next turn on an event loop;
  // run to their end right here in sync mode, as a plain call.
  virtual void spawn(TaskContext& ctx, std::string_view name) = 0;
  // Waits until the task(s) ended. Fails when one failed ("b failed: boom"), is cancelled when
  // one was. In sync mode a task that has not run yet runs right here first.
  virtual Task await_task(TaskContext& ctx, std::string_view name) = 0;

 protected:
  ~TaskLinks() = default;
};

}  // namespace asyncdemo
