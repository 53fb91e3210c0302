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

// One step as a program writes it: its kind and its argument, as the step's spec has them.
struct PlannedStep {
  std::string_view kind;  // "sleep", "print", ...
  std::string argument;   // "250ms", "hello, world": unescaped, as spec() writes it
  Duration duration{};    // for a step whose argument is a DURATION (sleep, block, work)
  bool can_fail = false;
};

// One task of the scenario, or numbered copies of one (NAME*COUNT): a function in the program.
struct PlannedTask {
  std::string name;        // the task's name, or the base of the copies' names
  std::size_t copies = 0;  // 0: one task called `name`; N: name1 ... nameN, one function
  std::vector<PlannedStep> steps;
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

  // True when any task has a step of this kind.
  bool uses(std::string_view kind) const;
  // True when a step can fail (fail:, fetch:).
  bool can_fail() const;
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
