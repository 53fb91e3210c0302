#pragma once

#include <string_view>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// The forms of a task spec, for help and error messages.
inline constexpr std::string_view kTaskForm =
    "NAME=DURATION or NAME=STEP,STEP,... (like one=1s or one=print:hi,sleep:250ms)";

// The most tasks one NAME*COUNT spec may make (kMostTasks in scenario.hpp bounds all of them).
inline constexpr std::size_t kMostCopies = 10'000'000;

// Parses one task as written on the command line or in a task file:
//   NAME=DURATION        print "NAME started", sleep DURATION, print "NAME resumed"
//   NAME=STEP,STEP,...   each STEP is KIND:ARGUMENT; "\," is a comma and "\\" a backslash
//   NAME*COUNT=...       COUNT tasks NAME1 ... NAMECOUNT, sharing one list of steps
// NAME is letters, digits, '_' and '-'. A spec whose waits (all its copies' together) add up
// to more than the clock can count is refused.
Result<TaskSpec> parse_task_spec(std::string_view spec);

// The spec that makes `task` again, in the NAME[*COUNT]=STEP,STEP,... form with "," and "\"
// escaped: parse_task_spec(format_task_spec(task)) has the same name, copies and steps.
std::string format_task_spec(const TaskSpec& task);

}  // namespace asyncdemo
