#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// await:TASK, `await task`: waits until TASK has ended (every copy, in order, for the base name
// of NAME*COUNT). When TASK failed, this task fails too, its message naming TASK ("b failed:
// boom"); when TASK was cancelled, this task is cancelled. In sync mode a TASK that has not run
// yet runs right here first.
class AwaitTaskStep final : public Step {
 public:
  explicit AwaitTaskStep(std::string task) : task_(std::move(task)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<AwaitTaskStep>(argument, "a task");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "await:" + task_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::awaits, task_});
  }

 private:
  std::string task_;
};

}  // namespace asyncdemo
