#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {

// One coroutine waiting for a deadline. It lives in the waiting coroutine's frame, so waiting
// allocates nothing of its own.
struct Timer {
  Duration deadline{};
  std::coroutine_handle<> waiter;
  bool cancelled = false;
  std::string_view task;  // whose coroutine waits, for --explain
};

// The timers of one event loop, earliest deadline first. Equal deadlines come out in the order
// they were pushed, as libuv orders its timers by start order: two tasks that sleep the same
// time wake in the order they went to sleep, so runs are reproducible.
class TimerQueue {
 public:
  void push(Timer& timer);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Precondition: !empty().
  Duration next_deadline() const { return heap_.front().deadline; }
  // The timer that comes out next. Precondition: !empty().
  const Timer& next() const { return *heap_.front().timer; }
  // How many timers are due at `now`.
  std::size_t due_by(Duration now) const;
  // Removes and returns the earliest timer. Precondition: !empty().
  Timer& pop();
  // Marks every waiting timer cancelled and resumes its coroutine, in queue order, so each
  // task unwinds from the await where it stands.
  void cancel_all();

 private:
  struct Entry {
    Duration deadline;
    std::uint64_t order;
    Timer* timer;
  };
  std::vector<Entry> heap_;
  std::uint64_t pushed_ = 0;
};

}  // namespace asyncdemo
