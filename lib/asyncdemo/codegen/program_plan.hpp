#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/schedule/scheduler.hpp"

namespace asyncdemo {

// One step as a program writes it: its kind and its argument, as the step's spec has them; or
// a group, (STEP,...)*N, which a program writes as a loop.
struct PlannedStep {
  std::string_view kind;  // "sleep", "print", ...; empty for a group
  std::string argument;   // "250ms", "hello, world", "jobs=a": unescaped, as spec() writes it
  Duration duration{};    // for a step whose argument is a DURATION (sleep, block, work)
  bool can_fail = false;
  bool is_group = false;
  std::size_t times = 0;           // a group: how often its steps run
  std::vector<PlannedStep> steps;  // a group: its steps
};

// One task of the scenario, or numbered copies of one (NAME*COUNT): a function in the program.
struct PlannedTask {
  std::string name;        // the task's name, or the base of the copies' names
  std::size_t copies = 0;  // 0: one task called `name`; N: name1 ... nameN, one function
  std::vector<PlannedStep> steps;
  bool spawned = false;  // starts only when a spawn: step starts it
};

// Everything a program is written from: the scenario's tasks and how asyncdemo would run them.
// The same plan serves every language, so the programs agree with each other.
struct ProgramPlan {
  std::string command;  // the asyncdemo command the program comes from, for its first comment
  Mode mode = Mode::async;
  GroupForm form = GroupForm::gather;  // async: gather, a TaskGroup, or return_exceptions
  OnError on_error = OnError::cancel;
  std::optional<Duration> timeout;
  std::size_t threads = 4;     // the pool that runs work: steps
  std::size_t task_count = 0;  // with every copy
  Duration theory{};           // what theory predicts in this mode, as run_start says it
  std::vector<PlannedTask> tasks;
  Declarations declarations;  // --limit, --queue, --event: what the tasks coordinate through

  // True when any task has a step of this kind, in a group or not.
  bool uses(std::string_view kind) const;
  // True when a step can fail (fail:, fetch:, await:, release:).
  bool can_fail() const;
  // True when any task has a group of steps.
  bool has_groups() const;
  // The task or copies named so, for spawn: and await:; null when there is none.
  const PlannedTask* task_named(std::string_view name) const;
  // True when the tasks limit, queue, signal, spawn or await each other.
  bool coordinates() const;
};

// How the plan's scenario is run, as `asyncdemo` takes it from its options.
struct PlanSettings {
  Mode mode = Mode::async;
  std::optional<Duration> timeout;
  OnError on_error = OnError::cancel;
  std::size_t threads = 0;  // 0: as asyncdemo sizes its pool (UV_THREADPOOL_SIZE, else 4)
  std::string command;
};

ProgramPlan plan_program(const Scenario& scenario, const PlanSettings& settings);

// A duration as a program's literal number of seconds, exact to the nanosecond and without
// trailing zeros: "1", "0.25", "0.000001".
std::string seconds_literal(Duration d);

}  // namespace asyncdemo
