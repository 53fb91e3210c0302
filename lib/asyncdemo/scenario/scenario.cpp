#include "asyncdemo/scenario/scenario.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "asyncdemo/scenario/task_names.hpp"
#include "asyncdemo/scenario/task_spec.hpp"

namespace asyncdemo {

std::string TaskSpec::task_name(std::size_t index) const {
  if (copies == 0) return name;
  // Built in one go: a million copies' names are made before the run starts.
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, index + 1).ptr;
  std::string numbered(name.size() + static_cast<std::size_t>(end - digits), '\0');
  std::memcpy(numbered.data(), name.data(), name.size());
  std::memcpy(numbered.data() + name.size(), digits, static_cast<std::size_t>(end - digits));
  return numbered;
}

TaskNames::TaskNames(const TaskSpec& spec)
    : name_(spec.task_name(0)), base_(spec.copies == 0 ? std::string::npos : spec.name.size()) {}

void TaskNames::next() {
  if (base_ == std::string::npos) return;
  std::size_t digit = name_.size();
  while (digit > base_ && name_[digit - 1] == '9') name_[--digit] = '0';
  if (digit > base_) {
    ++name_[digit - 1];
  } else {
    name_.insert(base_, 1, '1');  // 99 -> 100
  }
}

std::size_t TaskSpec::longest_name() const {
  return copies == 0 ? name.size() : name.size() + std::to_string(copies).size();
}

Duration TaskSpec::planned_wait() const {
  Duration::rep total = 0;
  for (const auto& step : *steps) {
    // Saturates: a total the clock cannot count is refused (Scenario::from_tasks).
    if (__builtin_add_overflow(total, step->planned_wait().count(), &total)) {
      return Duration::max();
    }
  }
  return Duration(total);
}

Scenario::Scenario(std::vector<TaskSpec> tasks) : tasks_(std::move(tasks)) {
  for (const TaskSpec& task : tasks_) task_count_ += task.task_count();
}

std::size_t Scenario::task_count() const {
  return task_count_;
}

Result<Scenario> Scenario::from_tasks(std::vector<TaskSpec> tasks, Declarations declarations) {
  if (tasks.empty()) return Error{"", "no tasks", std::string(kTaskForm)};
  if (std::optional<std::string> shared = first_shared_name(tasks)) {
    return Error{"task '" + *shared + "'", "duplicate task name '" + *shared + "'",
                 "a different name for each task"};
  }
  // Each spec's own waits fit (parse_task_spec checks them); the sync run adds up all of them.
  std::size_t count = 0;
  Duration::rep total = 0;
  bool too_long = false;
  for (const TaskSpec& task : tasks) {
    count += task.task_count();
    if (count > kMostTasks) {
      const std::string copies = task.copies != 0 ? "*" + std::to_string(task.copies) : "";
      return Error{"task '" + task.name + copies + "'",
                   "more than " + std::to_string(kMostTasks) + " tasks in all",
                   "at most " + std::to_string(kMostTasks) + " tasks, all specs together"};
    }
    Duration::rep all_copies = 0;
    too_long = too_long ||
               __builtin_mul_overflow(task.planned_wait().count(),
                                      static_cast<Duration::rep>(task.task_count()), &all_copies) ||
               __builtin_add_overflow(total, all_copies, &total);
  }
  for (const TaskSpec& task : tasks) too_long = too_long || task.planned_wait() == Duration::max();
  if (too_long) return Error{"", std::string(kTooLongInAll), "shorter waits, or fewer tasks"};
  Result<std::vector<bool>> spawned = check_references(tasks, declarations);
  if (!spawned) return spawned.error();
  Scenario scenario(std::move(tasks));
  scenario.declarations_ = std::move(declarations);
  if (std::find(spawned->begin(), spawned->end(), true) != spawned->end()) {
    scenario.spawned_ = std::move(spawned).value();
  }
  return scenario;
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

Theory Scenario::theory(Mode mode, std::size_t threads) const {
  return predict(*this, mode, threads);
}

std::size_t Scenario::longest_name() const {
  std::size_t longest = 0;
  for (const TaskSpec& task : tasks_) longest = std::max(longest, task.longest_name());
  return longest;
}

}  // namespace asyncdemo
