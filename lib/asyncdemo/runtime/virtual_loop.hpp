#pragma once

#include "asyncdemo/runtime/event_loop.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"

namespace asyncdemo {

// An event loop in virtual time: instead of waiting for the next timer it jumps the clock to
// it. Same ordering rules as the libuv loop, so it predicts the real run exactly.
class VirtualLoop final : public EventLoop {
 public:
  VirtualLoop(VirtualClock& clock, const StopSignal& stop) : clock_(clock), stop_(stop) {}
  Clock& clock() override { return clock_; }
  bool wait(Timer& timer) override;
  void run_until(const std::function<bool()>& finished) override;
  std::size_t peak_waiting() const override { return timers_.peak_size(); }
  std::uint64_t loop_iterations() const override { return iterations_; }

 private:
  VirtualClock& clock_;
  const StopSignal& stop_;
  TimerQueue timers_;
  std::uint64_t iterations_ = 0;
};

}  // namespace asyncdemo
