#pragma once

#include <string>

#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// fail:MESSAGE, raise inside a coroutine: the task fails there. What happens to the others is
// the run's choice (--on-error): cancel them, or let them run on.
class FailStep final : public Step {
 public:
  explicit FailStep(std::string message) : message_(std::move(message)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument);

  Task run(TaskContext& ctx) const override;
  bool can_fail() const override { return true; }
  std::string spec() const override { return "fail:" + message_; }

 private:
  std::string message_;
};

}  // namespace asyncdemo
