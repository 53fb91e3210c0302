#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// get:QUEUE, `await queue.get()`: waits while the queue is empty, then takes the item at its
// front; the trace shows the item and the task that put it.
class GetStep final : public Step {
 public:
  explicit GetStep(std::string queue) : queue_(std::move(queue)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<GetStep>(argument, "a queue");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "get:" + queue_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::queue, queue_});
  }

 private:
  std::string queue_;
};

}  // namespace asyncdemo
