#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "asyncdemo/runtime/callback.hpp"
#include "asyncdemo/runtime/loop_core.hpp"
#include "asyncdemo/runtime/parking.hpp"

namespace asyncdemo {

// Coroutines parked until another coroutine lets them go, first in, first out, as Trio's
// ParkingLot: the one primitive that locks, semaphores, queues and events are built on. A
// waiter let go is woken directly (its resumption queued at once, as setting an asyncio
// future's result queues the task), and a cancelled one leaves the lot.
class ParkingLot : public WaitSource {
 public:
  // `what`: what its waiters wait for, in words ("lock db"), for the deadlock report.
  explicit ParkingLot(std::string what) : what_(std::move(what)) {}
  ParkingLot(const ParkingLot&) = delete;
  ParkingLot& operator=(const ParkingLot&) = delete;
  // Owners keep lots of several kinds (a task's awaiters, a limit) through this base.
  virtual ~ParkingLot() = default;

  // Parks waiter (its coroutine handle set) at the back of the lot.
  void park(LoopCore& loop, Parked& waiter) {
    waiter.timed = false;
    waiter.source = this;
    if (loop.park(waiter)) waiters_.push_back(waiter);
  }
  // Lets the first `n` waiters go, in the order they came; returns how many there were.
  std::size_t unpark(LoopCore& loop, std::size_t n = 1) {
    std::size_t woken = 0;
    for (; woken < n && !waiters_.empty(); ++woken) {
      loop.wake(static_cast<Parked&>(waiters_.pop_front()));
    }
    return woken;
  }
  std::size_t unpark_all(LoopCore& loop) { return unpark(loop, waiters_.size()); }
  std::size_t size() const { return waiters_.size(); }
  // The waiter that goes first. Precondition: size() > 0.
  const Parked& first() const { return static_cast<const Parked&>(*waiters_.front()); }

  void withdraw(Parked& waiter) override { waiters_.remove(waiter); }
  std::string waits_for(const Parked&) const override { return what_; }
  bool external() const override { return false; }

 private:
  std::string what_;
  CallbackList waiters_;
};

}  // namespace asyncdemo
