#pragma once

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// block:DURATION, time.sleep inside an async def: holds the whole thread. In async mode it
// freezes the loop, so every other task's wake comes late by as much; in sync mode it is the
// same blocking wait as sleep.
class BlockStep final : public Step {
 public:
  explicit BlockStep(Duration duration) : duration_(duration) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_duration_step<BlockStep>(argument);
  }

  Task run(TaskContext& ctx) const override;
  Duration planned_wait() const override { return duration_; }
  std::string spec() const override { return "block:" + format_duration(duration_); }

 private:
  Duration duration_;
};

}  // namespace asyncdemo
