#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/loop_view.hpp"
#include "asyncdemo/runtime/parking.hpp"

namespace asyncdemo {

// Told what an executor is doing, from its real state, as it does it (for --explain). Calls
// change nothing in the executor; an executor without an observer skips them.
class LoopObserver {
 public:
  virtual ~LoopObserver() = default;
  // The executor this observer now watches: its loop, or null in sync mode, where there is
  // none. Told before the run's first event; the view lives until the run's last (run_end).
  virtual void watching(const LoopView* loop) { (void)loop; }
  // A coroutine parked: on its deadline (waiter.timed) or on its source.
  virtual void parked(const Parked& waiter, const LoopView& loop) = 0;
  // Nothing is ready: the loop is about to wait in the operating system (or, on the virtual
  // clock, to jump time) for `wait`, or until a thread or a socket is done when there is none.
  virtual void idle(const LoopView& loop, std::optional<Duration> wait) = 0;
  // The loop is about to resume the coroutine parked in `waiter`.
  virtual void resuming(const Parked& waiter, const LoopView& loop) = 0;
  // `task` holds the whole thread from `now` until `until` in `what` ("a sleep", "a blocking
  // call"); `loop` is null in sync mode, where there is no loop to freeze.
  virtual void blocking(std::string_view task, std::string_view what, Duration now, Duration until,
                        const LoopView* loop) = 0;
  // That blocking call is over.
  virtual void unblocked(std::string_view task, const LoopView* loop) = 0;
};

// Several observers told the same things, in the order they were added (--explain and --html).
class LoopObservers final : public LoopObserver {
 public:
  void add(LoopObserver& observer) { observers_.push_back(&observer); }
  bool empty() const { return observers_.empty(); }
  void watching(const LoopView* loop) override {
    for (LoopObserver* each : observers_) each->watching(loop);
  }
  void parked(const Parked& waiter, const LoopView& loop) override {
    for (LoopObserver* each : observers_) each->parked(waiter, loop);
  }
  void idle(const LoopView& loop, std::optional<Duration> wait) override {
    for (LoopObserver* each : observers_) each->idle(loop, wait);
  }
  void resuming(const Parked& waiter, const LoopView& loop) override {
    for (LoopObserver* each : observers_) each->resuming(waiter, loop);
  }
  void blocking(std::string_view task, std::string_view what, Duration now, Duration until,
                const LoopView* loop) override {
    for (LoopObserver* each : observers_) each->blocking(task, what, now, until, loop);
  }
  void unblocked(std::string_view task, const LoopView* loop) override {
    for (LoopObserver* each : observers_) each->unblocked(task, loop);
  }

 private:
  std::vector<LoopObserver*> observers_;
};

}  // namespace asyncdemo
