#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// set:EVENT, `event.set()` on the --event EVENT event: wakes every task that waits for it, in
// the order they came; later waits return at once.
class SetStep final : public Step {
 public:
  explicit SetStep(std::string event) : event_(std::move(event)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<SetStep>(argument, "an event");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "set:" + event_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::event, event_});
  }

 private:
  std::string event_;
};

}  // namespace asyncdemo
