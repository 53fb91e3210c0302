#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/scenario/declarations.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

struct TaskSpec;

// Tasks by their place in the run: task `first` to `first + count - 1`, in task order.
struct TaskRange {
  std::size_t first = 0;
  std::size_t count = 0;
};

// Where each task of a list of specs is, by name: a task's own name is one task, the base name
// of NAME*COUNT every copy.
class TaskIndex {
 public:
  explicit TaskIndex(const std::vector<TaskSpec>& tasks);
  std::optional<TaskRange> find(std::string_view name) const;
  // The spec that task `index` comes from.
  std::size_t spec_of(std::size_t index) const;
  std::size_t first_of(std::size_t spec) const { return first_[spec]; }

 private:
  const std::vector<TaskSpec>& tasks_;
  std::vector<std::size_t> first_;  // per spec: its first task's place
};

// Checks every name the steps refer to before anything runs: awaited and spawned tasks exist,
// no task awaits itself and no awaits go round in a cycle (naming it), each spawned task is
// spawned once and by a task that runs, limits, queues and events are declared. Returns which
// tasks start only when spawned, by place.
Result<std::vector<bool>> check_references(const std::vector<TaskSpec>& tasks,
                                           const Declarations& declarations);

}  // namespace asyncdemo
