#pragma once

#include <cstddef>

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// (STEP,STEP,...)*N in a step's place: the steps in order, N times, as a `for` loop around them
// would (c=(get:jobs,work:100ms)*5 is a consumer in one short spec). Groups nest. A cancel or a
// failure inside one names the step it happened in.
class GroupStep final : public Step {
 public:
  GroupStep(StepList steps, std::size_t times) : steps_(std::move(steps)), times_(times) {}

  Task run(TaskContext& ctx) const override;
  Duration planned_wait() const override;
  std::string spec() const override;
  bool can_fail() const override;
  bool needs_real_time() const override;
  void references(std::vector<StepReference>& out) const override;

  const StepList& steps() const { return steps_; }
  std::size_t times() const { return times_; }

 private:
  StepList steps_;
  std::size_t times_;
};

// The most times a group may repeat.
inline constexpr std::size_t kMostRepeats = 10'000'000;

}  // namespace asyncdemo
