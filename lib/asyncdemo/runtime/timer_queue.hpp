#pragma once

#include <cstddef>
#include <cstdint>
#include <map>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/callback.hpp"

namespace asyncdemo {

// The timers of one event loop, by tick: a deadline belongs to the first tick that is not
// before it. Within a tick timers come out in the order they were pushed, each once its own
// deadline has passed (and every timer before it in its tick has come out), so no timer ever
// comes out early, and equal deadlines wake in the order the sleeps began (asyncio's clock makes
// a later sleep's deadline later, even by a nanosecond, and its heap then orders them the same
// way). A timer pushed after one with a later deadline in the same tick waits for it: at most
// one tick late, and out of deadline order by less than a tick.
//
// The virtual loop uses 1 ns ticks: exact deadline order. The libuv loop uses 0.1 ms ticks: the
// thousands of coroutines due within one tick then share one list, so a million sleeping tasks
// cost their own two links each instead of a heap entry, while a sleep that begins after
// another of the same length (the usual case) still wakes at its own deadline.
class TimerQueue {
 public:
  explicit TimerQueue(Duration tick = Duration(1)) : tick_(tick.count()) {}
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  void push(TimedCallback& timer);
  // Takes a timer out before it is due. Precondition: it is in this queue.
  void remove(TimedCallback& timer);
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The most timers that waited at once.
  std::size_t peak_size() const { return peak_size_; }
  // When the next timer to come out is due. Precondition: !empty().
  Duration next_due() const { return next().deadline; }
  // The timer pop() returns next. Precondition: !empty().
  const TimedCallback& next() const {
    return static_cast<const TimedCallback&>(*ticks_.begin()->second.front());
  }
  // Removes and returns the first timer of the earliest tick. Precondition: !empty().
  TimedCallback& pop();
  // How many timers will have come out by `now` (without later pushes), for --explain.
  std::size_t due_by(Duration now) const;

 private:
  using Ticks = std::map<std::int64_t, CallbackList>;
  std::int64_t tick_of(Duration deadline) const;

  std::int64_t tick_;
  Ticks ticks_;
  // The tick the last push went to: pushes come in bursts for the same tick.
  Ticks::iterator last_push_ = ticks_.end();
  std::size_t size_ = 0;
  std::size_t peak_size_ = 0;
};

}  // namespace asyncdemo
