#pragma once

#include <cstddef>

#include "asyncdemo/runtime/timer_queue.hpp"

namespace asyncdemo {

// Told what an executor is doing, from its real state, as it does it (for --explain). Calls
// change nothing in the executor; an executor without an observer skips them.
class LoopObserver {
 public:
  virtual ~LoopObserver() = default;
  // A coroutine suspended on `timer`, which has joined `timers`.
  virtual void suspended(const Timer& timer, const TimerQueue& timers) = 0;
  // Nothing is running: the loop is about to wait for the next timer in the operating system,
  // or, on the virtual clock, to jump time to it. `sockets`: coroutines waiting for network I/O
  // (fetch), which the loop waits for in the operating system too.
  virtual void idle(Duration now, const TimerQueue& timers, std::size_t sockets) = 0;
  // The loop took `timer` off the queue and is about to resume its coroutine.
  virtual void resuming(const Timer& timer, Duration now, const TimerQueue& timers) = 0;
  // Sync mode: no loop; the thread is about to block until timer.deadline.
  virtual void blocking(const Timer& timer, Duration now) = 0;
};

}  // namespace asyncdemo
