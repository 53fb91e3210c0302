#pragma once

#include <cstddef>

#include "asyncdemo/runtime/event_loop.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"
#include "asyncdemo/runtime/virtual_pool.hpp"

namespace asyncdemo {

// An event loop in virtual time: instead of waiting for the next timer or pool job, it jumps
// the clock to it. It shares its scheduling core with the libuv loop, so it predicts the real
// run's order exactly, and every run is the same.
class VirtualLoop final : public EventLoop {
 public:
  VirtualLoop(VirtualClock& clock, const StopSignal& stop, std::size_t threads = 4)
      : EventLoop(stop, clock, Duration(1)), clock_(clock), pool_(clock, threads) {
    core().set_arrivals(&pool_);
  }
  bool submit_work(WorkItem& item, Parked& waiter) override;

  bool virtual_time() const override { return true; }
  std::size_t network_waits() const override { return 0; }
  PoolState pool() const override { return pool_.state(); }

 private:
  void wait_for_events(bool may_block) override;

  VirtualClock& clock_;
  VirtualPool pool_;
};

}  // namespace asyncdemo
