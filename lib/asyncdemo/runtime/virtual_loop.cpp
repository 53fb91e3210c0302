#include "asyncdemo/runtime/virtual_loop.hpp"

#include <stdexcept>

namespace asyncdemo {

bool VirtualLoop::wait(Timer& timer) {
  timers_.push(timer);
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
    Timer& due = timers_.pop();
    clock_.advance_to(due.deadline);
    due.waiter.resume();
  }
}

}  // namespace asyncdemo
