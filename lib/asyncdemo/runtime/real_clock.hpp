#pragma once

#include <chrono>
#include <ctime>

#include "asyncdemo/runtime/clock.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace asyncdemo {

// The machine's monotonic clock, counted from the moment the clock is made.
class RealClock final : public Clock {
 public:
  explicit RealClock(const StopSignal& stop);
  ~RealClock() override;
  RealClock(const RealClock&) = delete;
  RealClock& operator=(const RealClock&) = delete;

  Duration now() const override;
  bool block_until(Duration deadline) override;
  // The same for any thread, such as a thread-pool worker: the timerfd above belongs to the
  // thread that owns the clock, so this sleeps in ppoll's timeout instead.
  bool block_this_thread_until(Duration deadline) const;
  // The moment `t` of this clock on CLOCK_MONOTONIC, for an absolute timerfd.
  timespec monotonic(Duration t) const;

 private:
  const StopSignal& stop_;
  std::chrono::steady_clock::time_point origin_;
  int timer_fd_ = -1;
};

}  // namespace asyncdemo
