#pragma once

#include <functional>
#include <string>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// The spec that parse_task_spec() reads back into this task: "NAME=STEP,STEP" or
// "NAME*COUNT=STEP,...", each step in its normal form, a group as "(STEP,...)*N", commas and
// backslashes in an argument escaped ("print:a\, b"). `duration`, when given, rewrites every
// DURATION argument (check's --scale).
std::string task_spec_text(const TaskSpec& task,
                           const std::function<Duration(Duration)>& duration = {});

}  // namespace asyncdemo
