#pragma once

#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/trace/stored_event.hpp"
#include "asyncdemo/trace/storing_sink.hpp"

namespace asyncdemo::testing {

using asyncdemo::StoringSink;

// The scenario built from task specs, like "one=1s"; fails the test if a spec is bad.
Scenario scenario_of(std::initializer_list<std::string> specs);

// The events of running `scenario` on the virtual clock in sync and then async mode (compare),
// or in the one mode given.
std::vector<StoredEvent> virtual_events(const Scenario& scenario);
std::vector<StoredEvent> virtual_events(const Scenario& scenario, Mode mode);

}  // namespace asyncdemo::testing
