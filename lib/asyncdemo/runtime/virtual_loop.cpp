#include "asyncdemo/runtime/virtual_loop.hpp"

#include <stdexcept>

namespace asyncdemo {

bool VirtualLoop::wait(Timer& timer) {
  timers_.push(timer);
  if (observer() != nullptr) observer()->suspended(timer, timers_);
  return true;
}

void VirtualLoop::run_until(const std::function<bool()>& finished) {
  while (!finished()) {
    if (stop_.requested()) {
      timers_.cancel_all();
      if (!finished()) throw std::logic_error("tasks kept waiting after they were cancelled");
      return;
    }
    if (timers_.empty()) throw std::logic_error("tasks wait but nothing can wake them");
    // One iteration: jump to the next deadline and resume every coroutine due by then.
    ++iterations_;
    const Duration now = timers_.next_due();
    if (observer() != nullptr) observer()->idle(clock_.now(), timers_);
    clock_.advance_to(now);
    while (!timers_.empty() && timers_.next_due() <= now) {
      Timer& due = timers_.pop();
      if (observer() != nullptr) observer()->resuming(due, now, timers_);
      due.waiter.resume();
    }
  }
}

}  // namespace asyncdemo
