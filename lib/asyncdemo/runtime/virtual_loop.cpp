#include "asyncdemo/runtime/virtual_loop.hpp"

#include <algorithm>
#include <stdexcept>

namespace asyncdemo {

bool VirtualLoop::wait(Timer& timer) {
  timers_.push(timer);
  if (observer() != nullptr) observer()->suspended(timer, timers_);
  return true;
}

bool VirtualLoop::start_work(WorkItem& item) {
  item.queued = clock_.now();
  const auto worker = std::min_element(free_at_.begin(), free_at_.end());
  item.started = std::max(item.queued, *worker);
  item.finished = item.started + item.duration;
  item.worker = static_cast<unsigned>(worker - free_at_.begin()) + 1;
  *worker = item.finished;
  item.timer.deadline = item.started;
  starts_.push(item.timer);
  return true;
}

bool VirtualLoop::finish_work(WorkItem& item) {
  item.timer.deadline = item.finished;
  finishes_.push(item.timer);
  return true;
}

void VirtualLoop::run_until(const std::function<bool()>& finished) {
  while (!finished()) {
    bool waiting = false;
    Duration next{};
    for (const TimerQueue* queue : {&timers_, &finishes_, &starts_}) {
      if (queue->empty()) continue;
      next = waiting ? std::min(next, queue->next_due()) : queue->next_due();
      waiting = true;
    }
    // The timeout comes before anything due at the same time, as its timer was set first.
    if (deadline_ && (!waiting || next >= *deadline_) && stop_reason() == StopReason::none) {
      clock_.advance_to(*deadline_);
      cancel_run(StopReason::timeout);
    }
    if (stop_reason() != StopReason::none) {
      cancel_everything();
      if (!finished()) throw std::logic_error("tasks kept waiting after they were cancelled");
      return;
    }
    if (!waiting) throw std::logic_error("tasks wait but nothing can wake them");
    // One iteration: jump to the next deadline and resume every coroutine due by then: sleeps,
    // then finished jobs, then jobs a worker took. Once a cancel is asked for, the rest are
    // cancelled instead.
    ++iterations_;
    // The observer hears of sleepers only: it names timers from sleep events.
    if (observer() != nullptr && !timers_.empty() && timers_.next_due() == next) {
      observer()->idle(clock_.now(), timers_, 0);
    }
    clock_.advance_to(next);
    for (TimerQueue* queue : {&timers_, &finishes_, &starts_}) {
      while (!queue->empty() && queue->next_due() <= next && stop_reason() == StopReason::none) {
        Timer& due = queue->pop();
        // clock_.now(), not `next`: a blocking call earlier in the batch may have moved time on.
        if (observer() != nullptr && queue == &timers_) {
          observer()->resuming(due, clock_.now(), timers_);
        }
        due.waiter.resume();
      }
    }
  }
}

void VirtualLoop::cancel_everything() {
  // Jobs already running keep their worker busy until they end, as real threads do; a queued
  // job that is cancelled keeps its place too, which only matters if work were queued after a
  // cancellation, and a cancellation ends every task.
  timers_.cancel_all();
  finishes_.cancel_all();
  starts_.cancel_all();
}

}  // namespace asyncdemo
