#include "asyncdemo/runtime/timer_queue.hpp"

#include <algorithm>

namespace asyncdemo {

std::int64_t TimerQueue::tick_of(Duration deadline) const {
  const std::int64_t ns = deadline.count();
  return ns / tick_ + (ns % tick_ > 0 ? 1 : 0);  // round up: never early
}

void TimerQueue::push(TimedCallback& timer) {
  const std::int64_t tick = tick_of(timer.deadline);
  if (last_push_ == ticks_.end() || last_push_->first != tick) {
    last_push_ = ticks_.try_emplace(tick).first;
  }
  last_push_->second.push_back(timer);
  peak_size_ = std::max(peak_size_, ++size_);
}

void TimerQueue::remove(TimedCallback& timer) {
  const auto found = ticks_.find(tick_of(timer.deadline));
  found->second.remove(timer);
  if (found->second.empty()) {
    if (last_push_ == found) last_push_ = ticks_.end();
    ticks_.erase(found);
  }
  --size_;
}

TimedCallback& TimerQueue::pop() {
  const auto earliest = ticks_.begin();
  auto& timer = static_cast<TimedCallback&>(earliest->second.pop_front());
  if (earliest->second.empty()) {
    if (last_push_ == earliest) last_push_ = ticks_.end();
    ticks_.erase(earliest);
  }
  --size_;
  return timer;
}

std::size_t TimerQueue::due_by(Duration now) const {
  std::size_t due = 0;
  for (const auto& [tick, timers] : ticks_) {
    for (const Callback* entry = timers.front(); entry != nullptr; entry = entry->next) {
      if (static_cast<const TimedCallback*>(entry)->deadline > now) return due;
      ++due;
    }
  }
  return due;
}

}  // namespace asyncdemo
