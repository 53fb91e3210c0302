#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// acquire:LIMIT, `await limit.acquire()` on the --limit LIMIT=N semaphore: takes one of its N
// slots, waiting first come, first served while none is free. A task that ends still holding
// slots gives them back, as `async with` would.
class AcquireStep final : public Step {
 public:
  explicit AcquireStep(std::string limit) : limit_(std::move(limit)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<AcquireStep>(argument, "a limit");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "acquire:" + limit_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::limit, limit_});
  }

 private:
  std::string limit_;
};

// The acquire of --limit N's limit, around every task's whole body: not written, but run
// first (and the task's end gives the slot back).
class AcquireEveryTaskStep final : public Step {
 public:
  Task run(TaskContext& ctx) const override;
  std::string spec() const override;
};

}  // namespace asyncdemo
