#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/runtime/clock.hpp"
#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/runtime/parking.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace asyncdemo {

class ParkingLot;
class SocketAccess;

// A blocking wait handed to a thread pool, as asyncio's run_in_executor hands a call to a
// ThreadPoolExecutor. It lives in the awaiting coroutine's frame; the executor fills in the
// times.
struct WorkItem {
  Duration duration{};  // how long the work holds its thread
  Duration queued{};    // when the task handed it over
  Duration started{};   // when a thread took it
  Duration finished{};  // when that thread was done with it
  unsigned worker = 0;  // the pool thread that ran it, from 1; 0 is the task's own thread (sync)
  // Called on the loop's thread once the loop learns that a thread took the job (with the time
  // it was queued, the time it started, and the thread), even if the task was cancelled
  // meanwhile: the executor keeps it beyond the frame.
  std::function<void(Duration queued, Duration started, unsigned worker)> on_start;
};

// What a coroutine waits through. The same step code runs in both modes; only the executor
// decides whether a wait blocks the thread (sync) or parks the coroutine on a loop (async).
class Executor {
 public:
  explicit Executor(const StopSignal& stop) : stop_(stop) {}
  virtual ~Executor() = default;
  virtual Mode mode() const = 0;
  virtual Clock& clock() = 0;

  // Parks the coroutine in waiter.waiter until waiter.deadline (waiter.timed) or until its
  // source wakes it (see Parked). Returns true when it stays suspended until the loop resumes
  // it; false when it goes on at once because the wait already happened by blocking the
  // thread, or was cut short: waiter.wake says how it ended.
  virtual bool park(Parked& waiter) = 0;
  // Parks `waiter` (its coroutine handle set) in `lot` until another coroutine lets it go or it
  // is cancelled. Same return as park(). In sync mode no other task can let it go: it throws
  // Deadlocked, saying `why`.
  virtual bool park_on(ParkingLot& lot, Parked& waiter, std::string_view why) = 0;
  // Lets the first `n` waiters of `lot` go, first come, first served; returns how many.
  virtual std::size_t unpark(ParkingLot& lot, std::size_t n) = 0;
  // asyncio.sleep(0): lets every other ready coroutine run first. Same return as park().
  virtual bool yield_now(Parked& waiter) = 0;
  // Holds the whole thread until `until`, as time.sleep does, even inside a coroutine: on a
  // loop, nothing else runs meanwhile. Returns false if a stop request cut it short.
  virtual bool block(const Parked& task, Duration until) {
    if (observer() != nullptr)
      observer()->blocking(task.label(), "a blocking call", clock().now(), until, nullptr);
    about_to_idle();
    const bool whole = clock().block_until(until);
    if (observer() != nullptr) observer()->unblocked(task.label(), nullptr);
    return whole;
  }
  // Hands item.duration of blocking work to a thread and parks `waiter` until it is done
  // (item.started, finished and worker are set by then). Same return as park().
  virtual bool submit_work(WorkItem& item, Parked& waiter) = 0;
  // Sockets, for a step that needs them; null where there are none (the virtual clock).
  virtual SocketAccess* sockets() { return nullptr; }

  // The most tasks that waited for a deadline at once.
  virtual std::size_t peak_waiting() const = 0;
  // How many times the event loop went round; 0 when there is no loop (sync).
  virtual std::uint64_t loop_iterations() const { return 0; }

  const StopSignal& stop_signal() const { return stop_; }
  // Called just before the executor lets the thread go idle, to flush what is buffered.
  void set_idle_hook(std::function<void()> hook) { idle_hook_ = std::move(hook); }
  // Told what the executor does, for --explain; null: nobody is.
  virtual void set_observer(LoopObserver* observer) {
    observer_ = observer;
    if (observer_ != nullptr) observer_->watching(nullptr);
  }
  // For a step that waits on a loop of its own (a blocking fetch): about to wait, so flush.
  void before_idle() { about_to_idle(); }

 protected:
  LoopObserver* observer() const { return observer_; }
  void about_to_idle() {
    if (idle_hook_) idle_hook_();
  }

  const StopSignal& stop_;

 private:
  std::function<void()> idle_hook_;
  LoopObserver* observer_ = nullptr;
};

// `co_await Park{executor, waiter}`: parks until the wait ends, throwing Cancelled if it was
// cancelled. Set waiter.timed and waiter.deadline (a sleep) or waiter.source first.
class Park {
 public:
  Park(Executor& executor, Parked& waiter) : executor_(executor), waiter_(waiter) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    waiter_.waiter = waiter;
    return executor_.park(waiter_);
  }
  Wake await_resume() const {
    if (waiter_.cancelled()) throw Cancelled{};
    return waiter_.wake;
  }

 private:
  Executor& executor_;
  Parked& waiter_;
};

}  // namespace asyncdemo
