#pragma once

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// sleep:DURATION, asyncio.sleep: waits without holding the loop in async mode, blocks the
// thread in sync mode. sleep:0 only lets the other ready tasks run first.
class SleepStep final : public Step {
 public:
  explicit SleepStep(Duration duration) : duration_(duration) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_duration_step<SleepStep>(argument);
  }

  Task run(TaskContext& ctx) const override;
  Duration planned_wait() const override { return duration_; }
  bool is_plain_sleep() const override { return true; }
  std::string spec() const override { return "sleep:" + format_duration(duration_); }

 private:
  Duration duration_;
};

}  // namespace asyncdemo
