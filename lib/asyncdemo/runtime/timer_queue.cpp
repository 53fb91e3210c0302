#include "asyncdemo/runtime/timer_queue.hpp"

#include <algorithm>

namespace asyncdemo {
namespace {

// std::push_heap builds a max-heap, so "less" here means "due later".
bool due_later(const auto& a, const auto& b) {
  return a.deadline != b.deadline ? a.deadline > b.deadline : a.order > b.order;
}

}  // namespace

void TimerQueue::push(Timer& timer) {
  heap_.push_back(Entry{timer.deadline, pushed_++, &timer});
  std::push_heap(heap_.begin(), heap_.end(),
                 [](const Entry& a, const Entry& b) { return due_later(a, b); });
}

Timer& TimerQueue::pop() {
  std::pop_heap(heap_.begin(), heap_.end(),
                [](const Entry& a, const Entry& b) { return due_later(a, b); });
  Timer* timer = heap_.back().timer;
  heap_.pop_back();
  return *timer;
}

std::size_t TimerQueue::due_by(Duration now) const {
  return static_cast<std::size_t>(std::count_if(
      heap_.begin(), heap_.end(), [now](const Entry& e) { return e.deadline <= now; }));
}

void TimerQueue::cancel_all() {
  while (!empty()) {
    Timer& timer = pop();
    timer.cancelled = true;
    timer.waiter.resume();
  }
}

}  // namespace asyncdemo
