#pragma once

#include <coroutine>

#include "asyncdemo/core/task.hpp"
#include "asyncdemo/steps/step.hpp"
#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

// How a task's root coroutine awaits one step: a plain sleep is awaited right in the root frame
// (no coroutine of its own, so a sleeping task holds one frame), any other step through the
// coroutine its run() returns. One awaiter serves both, so that the root frame, which is what
// every waiting task costs, keeps 16 bytes for it rather than a sleep's and a task's awaiters.
class StepAwaiter {
 public:
  StepAwaiter(const Step& step, TaskContext ctx) : ctx_(ctx) {
    if (step.is_plain_sleep()) {
      begin_sleep(ctx, step.planned_wait());
    } else {
      nested_ = step.run(ctx_);
    }
  }
  bool await_ready() const noexcept { return plain_sleep() ? false : nested_.ready(); }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiter) {
    if (!plain_sleep()) return nested_.start_for(awaiter);
    return park_sleep(ctx_, awaiter) ? std::noop_coroutine() : awaiter;
  }
  void await_resume() const {
    if (plain_sleep()) {
      end_sleep(ctx_);
    } else {
      nested_.rethrow_if_failed();
    }
  }

 private:
  bool plain_sleep() const noexcept { return !nested_.valid(); }

  TaskContext ctx_;
  Task nested_;  // empty for a plain sleep
};

}  // namespace asyncdemo
