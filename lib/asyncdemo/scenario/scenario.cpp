#include "asyncdemo/scenario/scenario.hpp"

#include <algorithm>
#include <unordered_set>

#include "asyncdemo/scenario/task_spec.hpp"

namespace asyncdemo {

Duration TaskSpec::planned_wait() const {
  Duration total{};
  for (const auto& step : *steps) total += step->planned_wait();
  return total;
}

Result<Scenario> Scenario::from_tasks(std::vector<TaskSpec> tasks) {
  if (tasks.empty()) return Error{"", "no tasks", std::string(kTaskForm)};
  std::unordered_set<std::string_view> names;
  // Each step is at most 100 years; the sync run adds every wait up, so check that the sum still
  // fits the clock's 64-bit nanoseconds.
  Duration::rep total = 0;
  bool too_long = false;
  for (const TaskSpec& task : tasks) {
    if (!names.insert(task.name).second) {
      return Error{"task '" + task.name + "'", "duplicate task name '" + task.name + "'",
                   "a different name for each task"};
    }
    for (const auto& step : *task.steps) {
      too_long = too_long || __builtin_add_overflow(total, step->planned_wait().count(), &total);
    }
  }
  if (too_long) {
    return Error{"", "the tasks wait more than 292 years in all, longer than the clock can count",
                 "shorter durations or fewer tasks"};
  }
  return Scenario(std::move(tasks));
}

Scenario Scenario::classic() {
  std::vector<TaskSpec> tasks;
  for (const char* spec : {"coroutine_one=print:Coroutine started,sleep:1s,print:Coroutine resumed",
                           "coroutine_two=print:Coroutine two started,sleep:2s,"
                           "print:Coroutine two resumed"}) {
    tasks.push_back(parse_task_spec(spec).value());
  }
  return Scenario(std::move(tasks));
}

Duration Scenario::sync_theory() const {
  Duration total{};
  for (const TaskSpec& task : tasks_) total += task.planned_wait();
  return total;
}

Duration Scenario::async_theory() const {
  Duration longest{};
  for (const TaskSpec& task : tasks_) longest = std::max(longest, task.planned_wait());
  return longest;
}

std::size_t Scenario::longest_name() const {
  std::size_t longest = 0;
  for (const TaskSpec& task : tasks_) longest = std::max(longest, task.name.size());
  return longest;
}

}  // namespace asyncdemo
