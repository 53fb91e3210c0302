#include "asyncdemo/runtime/event_loop.hpp"

#include "asyncdemo/runtime/parking_lot.hpp"

namespace asyncdemo {

bool EventLoop::park(Parked& waiter) {
  core_.park(waiter);
  return true;
}

bool EventLoop::park_on(ParkingLot& lot, Parked& waiter, std::string_view) {
  lot.park(core_, waiter);
  return true;
}

std::size_t EventLoop::unpark(ParkingLot& lot, std::size_t n) {
  return lot.unpark(core_, n);
}

bool EventLoop::yield_now(Parked& waiter) {
  core_.yield_now(waiter);
  return true;
}

bool EventLoop::block(const Parked& task, Duration until) {
  if (observer() != nullptr)
    observer()->blocking(task.label(), "a blocking call", now(), until, this);
  about_to_idle();
  const bool whole = clock().block_until(until);
  if (observer() != nullptr) observer()->unblocked(task.label(), this);
  return whole;
}

void EventLoop::set_observer(LoopObserver* observer) {
  Executor::set_observer(observer);
  core_.set_observer(observer, this);
  if (observer != nullptr) observer->watching(this);
}

std::size_t EventLoop::ready_labels(std::span<std::string_view> labels) const {
  std::size_t filled = 0;
  for (const Callback* entry = core_.ready_front(); entry != nullptr && filled < labels.size();
       entry = entry->next) {
    labels[filled++] = entry->label();
  }
  return filled;
}

std::optional<Duration> EventLoop::idle_wait() const {
  if (!core_.has_timers()) return std::nullopt;
  const Duration wait = core_.next_due() - core_.now();
  return wait < Duration::zero() ? Duration::zero() : wait;
}

void EventLoop::notice_stop() {
  if (stop_noticed_ || stop_handler_ == nullptr || !stop_.requested()) return;
  stop_noticed_ = true;
  core_.call_soon(*stop_handler_);
}

EventLoop::Outcome EventLoop::run_until(const std::function<bool()>& done) {
  for (;;) {
    notice_stop();
    if (core_.finished() || (done && done())) return Outcome::finished;
    if (core_.stuck()) return Outcome::stuck;
    wait_for_events(!core_.has_ready());
    notice_stop();
    core_.run_turn();
  }
}

}  // namespace asyncdemo
