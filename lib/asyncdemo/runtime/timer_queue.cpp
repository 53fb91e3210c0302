#include "asyncdemo/runtime/timer_queue.hpp"

#include <algorithm>

namespace asyncdemo {

void TimerQueue::push(Timer& timer) {
  const std::int64_t ns = timer.deadline.count();
  const std::int64_t tick = ns / tick_ + (ns % tick_ > 0 ? 1 : 0);  // round up: never early
  if (last_push_ == ticks_.end() || last_push_->first != tick) {
    last_push_ = ticks_.try_emplace(tick).first;
  }
  List& list = last_push_->second;
  timer.next = nullptr;
  if (list.tail == nullptr) {
    list.head = &timer;
  } else {
    list.tail->next = &timer;
  }
  list.tail = &timer;
  peak_size_ = std::max(peak_size_, ++size_);
}

Timer& TimerQueue::pop() {
  const auto earliest = ticks_.begin();
  List& list = earliest->second;
  Timer& timer = *list.head;
  list.head = timer.next;
  if (list.head == nullptr) {
    if (last_push_ == earliest) last_push_ = ticks_.end();
    ticks_.erase(earliest);
  }
  timer.next = nullptr;
  --size_;
  return timer;
}

std::size_t TimerQueue::due_by(Duration now) const {
  std::size_t due = 0;
  for (auto tick = ticks_.begin(); tick != ticks_.end() && tick->first * tick_ <= now.count();
       ++tick) {
    for (const Timer* timer = tick->second.head; timer != nullptr; timer = timer->next) ++due;
  }
  return due;
}

void TimerQueue::cancel_all() {
  while (!empty()) {
    Timer& timer = pop();
    timer.cancelled = true;
    timer.waiter.resume();
  }
}

}  // namespace asyncdemo
