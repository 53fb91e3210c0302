#pragma once

#include "asyncdemo/runtime/clock.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace asyncdemo {

// Time that moves only when told to, like Trio's MockClock with autojump: waiting for a deadline
// jumps straight to it, so a year-long sleep takes no time and every run is identical.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(const StopSignal& stop) : stop_(stop) {}
  Duration now() const override { return now_; }
  bool block_until(Duration deadline) override;
  // Moves time forward to `t`; never backward.
  void advance_to(Duration t);

 private:
  const StopSignal& stop_;
  Duration now_{};
};

}  // namespace asyncdemo
