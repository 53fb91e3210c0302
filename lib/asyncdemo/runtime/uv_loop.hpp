#pragma once

#include <memory>
#include <stdexcept>

#include "asyncdemo/runtime/event_loop.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"

namespace asyncdemo {

// A libuv error, in our own type so that nothing outside uv_loop.cpp needs <uv.h>.
class LoopError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The real event loop: a libuv loop in real time.
//
// Waiting coroutines sit in one TimerQueue with millisecond ticks, libuv's own resolution, and a
// single libuv timer is armed for the earliest tick, instead of one libuv timer per sleep:
// waiting then costs one list link inside the coroutine frame, and ticks are checked against a
// fresh clock rather than libuv's cached loop time, so no coroutine ever wakes before its
// deadline.
class UvLoop final : public EventLoop {
 public:
  UvLoop(RealClock& clock, const StopSignal& stop);
  ~UvLoop() override;
  UvLoop(const UvLoop&) = delete;
  UvLoop& operator=(const UvLoop&) = delete;

  Clock& clock() override { return clock_; }
  bool wait(Timer& timer) override;
  void run_until(const std::function<bool()>& finished) override;
  std::size_t peak_waiting() const override { return timers_.peak_size(); }
  std::uint64_t loop_iterations() const override { return iterations_; }

 private:
  struct Handles;
  void resume_due();
  void arm_timer();
  void cancel_everything();

  RealClock& clock_;
  TimerQueue timers_;
  std::unique_ptr<Handles> uv_;
  std::uint64_t iterations_ = 0;
  bool dispatching_ = false;
  bool armed_ = false;
  Duration armed_for_{};
};

}  // namespace asyncdemo
