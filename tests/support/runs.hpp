#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/schedule/scheduler.hpp"

namespace asyncdemo::testing {

using Lines = std::vector<std::string>;

// A scenario from task specs as typed on the command line; the specs must be valid.
Scenario scenario_of(std::initializer_list<std::string> specs);

// The run's events as RecordingSink lines, on the virtual clock. Warnings are kept in
// `warnings` (when given) instead of going to standard error.
Lines run_virtual(const Scenario& scenario, Mode mode, RunSettings settings = {},
                  std::vector<std::string>* warnings = nullptr);

// Only the lines that mention `needle`.
Lines only(const Lines& lines, std::string_view needle);

}  // namespace asyncdemo::testing
