#pragma once

#include <optional>
#include <string_view>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/loop_view.hpp"
#include "asyncdemo/runtime/parking.hpp"

namespace asyncdemo {

// Told what an executor is doing, from its real state, as it does it (for --explain). Calls
// change nothing in the executor; an executor without an observer skips them.
class LoopObserver {
 public:
  virtual ~LoopObserver() = default;
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

}  // namespace asyncdemo
