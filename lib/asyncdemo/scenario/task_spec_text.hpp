#pragma once

#include <string>

#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// The spec that parse_task_spec() reads back into this task: "NAME=STEP,STEP" or
// "NAME*COUNT=STEP,...", each step in its normal form, commas and backslashes in an argument
// escaped ("print:a\, b").
std::string task_spec_text(const TaskSpec& task);

}  // namespace asyncdemo
