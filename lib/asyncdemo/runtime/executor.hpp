#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/runtime/clock.hpp"
#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"

namespace asyncdemo {

// A blocking wait handed to a thread pool, as asyncio.to_thread hands a call to its executor.
// It lives in the awaiting coroutine's frame; the executor fills in the times.
struct WorkItem {
  Duration duration{};  // how long the work holds its thread
  Duration queued{};    // when the task handed it over
  Duration started{};   // when a thread took it
  Duration finished{};  // when that thread was done with it
  unsigned worker = 0;  // the pool thread that ran it, from 1; 0 is the task's own thread (sync)
  Timer timer;          // the coroutine waiting for it; `cancelled` once the run was stopped
  void* job = nullptr;  // the executor's own part while the work is in flight
};

// What a coroutine waits through. The same step code runs in both modes; only the executor
// decides whether a wait blocks the thread (sync) or suspends the coroutine on a loop (async).
//
// A run can be cut short: by the process stop signal (Ctrl-C, SIGTERM, a closed pipe), by its
// deadline (--timeout) or by cancel_run() (a failed task under --on-error cancel). All three take
// the same path: every coroutine still waiting is resumed with its timer cancelled, so Cancelled
// is thrown at the await where it stands.
class Executor {
 public:
  explicit Executor(const StopSignal& stop) : stop_(stop) {}
  virtual ~Executor() = default;
  virtual Mode mode() const = 0;
  virtual Clock& clock() = 0;

  // Makes the coroutine in timer.waiter wait until timer.deadline. Returns true when it stays
  // suspended until the loop resumes it; false when it may go on at once, because the wait
  // already happened by blocking the thread, or was cut short (then timer.cancelled is set).
  virtual bool wait(Timer& timer) = 0;

  // Holds the whole thread until `deadline`, as time.sleep does, even inside a coroutine: on a
  // loop, nothing else runs meanwhile. Returns false if the run was stopped first.
  virtual bool block_until(Duration deadline) {
    about_to_idle();
    return clock().block_until(deadline);
  }

  // Hands item.duration of blocking work to a thread, then waits (like wait()) until a thread
  // has started it: item.queued, started and worker are set on resumption.
  virtual bool start_work(WorkItem& item) = 0;
  // After start_work: waits until the thread has finished the work (item.finished is set).
  virtual bool finish_work(WorkItem& item) = 0;

  // Cancels the run at `deadline`: a wait that would end at or after it is cut short there.
  virtual void set_deadline(Duration deadline) { deadline_ = deadline; }
  // Asks to cancel every waiting coroutine. Safe inside a running coroutine: the loop carries it
  // out once that coroutine has suspended. The first reason wins.
  virtual void cancel_run(StopReason reason) {
    if (run_reason_ == StopReason::none) run_reason_ = reason;
  }
  // Why this run is being cut short: cancel_run's reason, else the process stop's; none if not.
  StopReason stop_reason() const {
    return run_reason_ != StopReason::none ? run_reason_ : stop_.reason();
  }
  // The most tasks that waited at once.
  virtual std::size_t peak_waiting() const = 0;
  // How many times the event loop went round; 0 when there is no loop (sync).
  virtual std::uint64_t loop_iterations() const { return 0; }

  // The process stop signal, and the run's deadline if it has one: what a step that runs a
  // private loop of its own (a blocking fetch in sync mode) must obey too.
  const StopSignal& stop_signal() const { return stop_; }
  std::optional<Duration> deadline() const { return deadline_; }
  // For such a step: about to wait, so flush what is buffered.
  void before_idle() { about_to_idle(); }

  // Called just before the executor lets the thread go idle, to flush what is buffered.
  void set_idle_hook(std::function<void()> hook) { idle_hook_ = std::move(hook); }
  // Told what the executor does, for --explain; null: nobody is.
  void set_observer(LoopObserver* observer) { observer_ = observer; }

 protected:
  LoopObserver* observer() const { return observer_; }
  void about_to_idle() {
    if (idle_hook_) idle_hook_();
  }

  const StopSignal& stop_;
  StopReason run_reason_ = StopReason::none;
  std::optional<Duration> deadline_;

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

// `co_await AwaitWork{executor, item, AwaitWork::started}` (then `finished`): the two waits of
// a job on a thread pool, each throwing Cancelled if the run was stopped meanwhile.
class AwaitWork {
 public:
  enum Until { started, finished };
  AwaitWork(Executor& executor, WorkItem& item, Until until)
      : executor_(executor), item_(item), until_(until) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    item_.timer.waiter = waiter;
    return until_ == started ? executor_.start_work(item_) : executor_.finish_work(item_);
  }
  void await_resume() const {
    if (item_.timer.cancelled) throw Cancelled{};
  }

 private:
  Executor& executor_;
  WorkItem& item_;
  Until until_;
};

}  // namespace asyncdemo
