#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/pictures/recorded_run.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "asyncdemo/trace/stored_event.hpp"
#include "support/storing_sink.hpp"  // scenario_of

namespace asyncdemo::testing {

using Lines = std::vector<std::string>;

// The run's events as RecordingSink lines, on the virtual clock. Warnings are kept in
// `warnings` (when given) instead of going to standard error.
Lines run_virtual(const Scenario& scenario, Mode mode, RunSettings settings = {},
                  std::vector<std::string>* warnings = nullptr);

// The runs a RunRecorder makes of `events`, as the pictures see them.
std::vector<RecordedRun> recorded_runs(const std::vector<StoredEvent>& events);

// Only the lines that mention `needle`.
Lines only(const Lines& lines, std::string_view needle);

}  // namespace asyncdemo::testing
