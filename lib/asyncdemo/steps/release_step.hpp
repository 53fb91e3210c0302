#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// release:LIMIT, `limit.release()`: gives one slot back and hands it to the first task that
// waits. A release that would raise the count above N fails the task, as BoundedSemaphore
// raises ValueError.
class ReleaseStep final : public Step {
 public:
  explicit ReleaseStep(std::string limit) : limit_(std::move(limit)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<ReleaseStep>(argument, "a limit");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "release:" + limit_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::limit, limit_});
  }

 private:
  std::string limit_;
};

}  // namespace asyncdemo
