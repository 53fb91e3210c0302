#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/scenario/declarations.hpp"
#include "asyncdemo/scenario/references.hpp"
#include "asyncdemo/scenario/theory.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// The most tasks one run may have, all specs together: each costs a coroutine frame and its
// share of the trace (about 200 bytes), so ten million is about 2 GB.
inline constexpr std::size_t kMostTasks = 10'000'000;

// What is said of waits that add up to more than a run's clock can count.
inline constexpr std::string_view kTooLongInAll =
    "the waits add up to more than the clock can count (2562047h, about 292 years)";

// A named task, or numbered copies of one (NAME*COUNT): the steps each runs, in order. Copies
// share one step list, so a million tasks made from one spec cost one step list.
struct TaskSpec {
  std::string name;  // the task's name, or the base of the copies' names
  std::shared_ptr<const StepList> steps;
  std::size_t copies = 0;  // 0: one task called `name`; N: N tasks called name1 ... nameN
  bool shorthand = false;  // written NAME=DURATION, so that format_task_spec writes it so again

  std::size_t task_count() const { return copies == 0 ? 1 : copies; }
  // The name of task `index` (from 0) of this spec.
  std::string task_name(std::size_t index) const;
  std::size_t longest_name() const;
  // How long one task waits in all: its length when nothing else runs.
  Duration planned_wait() const;
};

// The names of a spec's tasks in order, each made from the one before by counting up its
// digits, as task_name(0), task_name(1), ... would give them: a million copies are named before
// their run starts, and this costs a few instructions a name instead of building each.
class TaskNames {
 public:
  explicit TaskNames(const TaskSpec& spec);
  std::string_view current() const { return name_; }
  void next();

 private:
  std::string name_;
  std::size_t base_;  // the length of the base before the number; npos for a single task
};

// The tasks of one run, in the order they start.
class Scenario {
 public:
  // Checks what no single task can check alone: at least one task, at most kMostTasks, unique
  // names, a total that the clock can count, and every name a step refers to (see
  // check_references).
  static Result<Scenario> from_tasks(std::vector<TaskSpec> tasks, Declarations declarations = {});
  // The classic asyncio example: coroutine_one sleeps 1 s, coroutine_two 2 s.
  static Scenario classic();

  // The specs in order; a spec with copies stands for several tasks.
  const std::vector<TaskSpec>& tasks() const { return tasks_; }
  std::size_t task_count() const;
  // What theory predicts in `mode`, with `threads` pool threads for work (see theory.hpp).
  Theory theory(Mode mode, std::size_t threads) const;
  std::size_t longest_name() const;

  // The limits, queues and events the tasks coordinate through.
  const Declarations& declarations() const { return declarations_; }
  // Whether task `index` (in task order) starts only when a spawn step starts it.
  bool spawned(std::size_t index) const { return !spawned_.empty() && spawned_[index]; }
  bool spawns() const { return !spawned_.empty(); }
  // Tasks by name (a task's, or the base name of copies), for spawn and await.
  TaskIndex index() const { return TaskIndex(tasks_); }

 private:
  explicit Scenario(std::vector<TaskSpec> tasks);
  std::vector<TaskSpec> tasks_;
  std::size_t task_count_ = 0;
  Declarations declarations_;
  std::vector<bool> spawned_;  // empty when nothing spawns
};

}  // namespace asyncdemo
