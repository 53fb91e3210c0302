#pragma once

#include <string_view>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/core/result.hpp"
#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// --scale F: a number above 0, at most 1000.
Result<double> parse_scale(std::string_view text);

// `d` times `factor`, to the microsecond (the trace's resolution); a wait that was not 0 stays
// at least 1us, so that sleep:0 alone means a bare yield.
Duration scaled(Duration d, double factor);

// The scenario with every DURATION of its steps multiplied by `factor`: check runs a 2 s
// scenario in 0.2 s with 0.1. Other arguments (a text, a URL) stay as they are.
Result<Scenario> scaled_scenario(const Scenario& scenario, double factor);

}  // namespace asyncdemo
