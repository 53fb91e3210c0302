#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// A named task: the steps it runs, in order. Steps are shared, never copied, so that many
// tasks made from one spec cost one step list.
struct TaskSpec {
  std::string name;
  std::shared_ptr<const StepList> steps;

  // How long the task waits in all: its length when nothing else runs.
  Duration planned_wait() const;
};

// The tasks of one run, in the order they start.
class Scenario {
 public:
  // Checks what no single task can check alone: at least one task, unique names, and a total
  // that the clock can count.
  static Result<Scenario> from_tasks(std::vector<TaskSpec> tasks);
  // The classic asyncio example: coroutine_one sleeps 1 s, coroutine_two 2 s.
  static Scenario classic();

  const std::vector<TaskSpec>& tasks() const { return tasks_; }
  // What theory predicts: one after another, the sum of every wait; on an event loop, the
  // longest task.
  Duration sync_theory() const;
  Duration async_theory() const;
  std::size_t longest_name() const;

 private:
  explicit Scenario(std::vector<TaskSpec> tasks) : tasks_(std::move(tasks)) {}
  std::vector<TaskSpec> tasks_;
};

}  // namespace asyncdemo
