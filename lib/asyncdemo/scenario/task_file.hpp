#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// One task spec per line; blank lines and lines starting with '#' are skipped. Errors name the
// source and the line: "tasks.txt:3: ...".
Result<std::vector<TaskSpec>> parse_task_lines(std::istream& in, std::string_view source);

// Reads a task file; "-" reads standard input.
Result<std::vector<TaskSpec>> read_task_file(const std::string& path);

}  // namespace asyncdemo
