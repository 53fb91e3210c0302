#pragma once

#include "asyncdemo/steps/named_step.hpp"

namespace asyncdemo {

// spawn:TASK, asyncio.create_task (in the run's TaskGroup): TASK does not start with the others
// but when spawned, its first step queued for the loop's next turn; in sync mode it runs to its
// end right here, as a plain call would. The base name of NAME*COUNT spawns every copy, in
// order. A task can be spawned once.
class SpawnStep final : public Step {
 public:
  explicit SpawnStep(std::string task) : task_(std::move(task)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument) {
    return parse_named_step<SpawnStep>(argument, "a task");
  }

  Task run(TaskContext& ctx) const override;
  std::string spec() const override { return "spawn:" + task_; }
  void references(std::vector<StepReference>& out) const override {
    out.push_back({StepReference::Kind::spawns, task_});
  }

 private:
  std::string task_;
};

}  // namespace asyncdemo
