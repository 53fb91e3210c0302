#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/runtime/clock.hpp"
#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"

namespace asyncdemo {

// What a coroutine waits through. The same step code runs in both modes; only the executor
// decides whether a wait blocks the thread (sync) or suspends the coroutine on a loop (async).
class Executor {
 public:
  virtual ~Executor() = default;
  virtual Mode mode() const = 0;
  virtual Clock& clock() = 0;

  // Makes the coroutine in timer.waiter wait until timer.deadline. Returns true when it stays
  // suspended until the loop resumes it; false when it may go on at once, because the wait
  // already happened by blocking the thread, or was cut short (then timer.cancelled is set).
  virtual bool wait(Timer& timer) = 0;

  // The most tasks that waited at once.
  virtual std::size_t peak_waiting() const = 0;
  // How many times the event loop went round; 0 when there is no loop (sync).
  virtual std::uint64_t loop_iterations() const { return 0; }

  // Called just before the executor lets the thread go idle, to flush what is buffered.
  void set_idle_hook(std::function<void()> hook) { idle_hook_ = std::move(hook); }
  // Told what the executor does, for --explain; null: nobody is.
  void set_observer(LoopObserver* observer) { observer_ = observer; }

 protected:
  LoopObserver* observer() const { return observer_; }
  void about_to_idle() {
    if (idle_hook_) idle_hook_();
  }

 private:
  std::function<void()> idle_hook_;
  LoopObserver* observer_ = nullptr;
};

// `co_await SleepUntil{executor, deadline}`: resumes at or after the deadline, or throws
// Cancelled if the run was stopped meanwhile.
class SleepUntil {
 public:
  SleepUntil(Executor& executor, Duration deadline) : executor_(executor) {
    timer_.deadline = deadline;
  }
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    timer_.waiter = waiter;
    return executor_.wait(timer_);
  }
  void await_resume() const {
    if (timer_.cancelled) throw Cancelled{};
  }

 private:
  Executor& executor_;
  Timer timer_;
};

}  // namespace asyncdemo
