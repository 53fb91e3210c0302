#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// wait:EVENT, `await event.wait()`: waits until the event is set (at once, if it is).
class WaitStep final : public Step {
 public:
  explicit WaitStep(std::string event) : event_(std::move(event)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<WaitStep>(argument, "an event");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "wait:" + event_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::event, event_});
  }

 private:
  std::string event_;
};

}  // namespace asyncdemo
