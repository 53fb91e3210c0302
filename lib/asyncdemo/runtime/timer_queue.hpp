#pragma once

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {

// One coroutine waiting for a deadline. It lives in the waiting coroutine's frame, so waiting
// allocates nothing of its own.
struct Timer {
  Duration deadline{};
  std::coroutine_handle<> waiter;
  bool cancelled = false;
  // Among equal deadlines, a later tier comes out after everything of an earlier tier. The
  // virtual thread pool uses tier 1 for "a worker took the next job", because a thread takes
  // its next job only after it has finished the last one.
  int tier = 0;
};

// The timers of one event loop, earliest deadline first. Equal deadlines (and tiers) come out
// in the order they were pushed, as libuv orders its timers by start order: two tasks that
// sleep the same time wake in the order they went to sleep, so runs are reproducible.
class TimerQueue {
 public:
  void push(Timer& timer);
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Precondition: !empty().
  Duration next_deadline() const { return heap_.front().deadline; }
  // Removes and returns the earliest timer. Precondition: !empty().
  Timer& pop();
  // Marks every waiting timer cancelled and resumes its coroutine, in queue order, so each
  // task unwinds from the await where it stands.
  void cancel_all();

 private:
  struct Entry {
    Duration deadline;
    int tier;
    std::uint64_t order;
    Timer* timer;
  };
  std::vector<Entry> heap_;
  std::uint64_t pushed_ = 0;
};

}  // namespace asyncdemo
