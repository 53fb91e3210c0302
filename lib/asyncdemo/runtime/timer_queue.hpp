#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <map>

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {

// One coroutine waiting for a deadline. It lives in the waiting coroutine's frame and links to
// the next timer due in the same tick, so waiting allocates nothing of its own.
struct Timer {
  Duration deadline{};
  std::coroutine_handle<> waiter;
  Timer* next = nullptr;
  bool cancelled = false;
};

// The timers of one event loop, by tick: a deadline belongs to the first tick that is not
// before it, and a tick is due when its end is reached, so no timer ever comes out early.
// Within a tick timers come out in the order they were pushed, so equal deadlines wake in the
// order the sleeps began, as libuv orders its timers.
//
// The virtual loop uses 1 ns ticks: exact deadline order. The libuv loop uses 1 ms ticks, its
// own resolution: the thousands of coroutines due within one millisecond then share one list and
// one libuv timer, so a million sleeping tasks cost one list link each instead of a heap entry.
class TimerQueue {
 public:
  explicit TimerQueue(Duration tick = Duration(1)) : tick_(tick.count()) {}
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  void push(Timer& timer);
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The most timers that waited at once.
  std::size_t peak_size() const { return peak_size_; }
  // When the earliest tick is due: at or after every deadline in it. Precondition: !empty().
  Duration next_due() const { return Duration(ticks_.begin()->first * tick_); }
  // Removes and returns the first timer of the earliest tick. Precondition: !empty().
  Timer& pop();
  // The timer pop() returns next, and how many timers are in ticks due by `now`, for
  // --explain. Precondition of next(): !empty().
  const Timer& next() const { return *ticks_.begin()->second.head; }
  std::size_t due_by(Duration now) const;
  // Marks every waiting timer cancelled and resumes its coroutine, in queue order, so each
  // task unwinds from the await where it stands.
  void cancel_all();

 private:
  struct List {
    Timer* head = nullptr;
    Timer* tail = nullptr;
  };
  using Ticks = std::map<std::int64_t, List>;

  std::int64_t tick_;
  Ticks ticks_;
  // The tick the last push went to: pushes come in bursts for the same tick.
  Ticks::iterator last_push_ = ticks_.end();
  std::size_t size_ = 0;
  std::size_t peak_size_ = 0;
};

}  // namespace asyncdemo
