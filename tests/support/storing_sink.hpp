#pragma once

#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/trace/sink.hpp"
#include "asyncdemo/trace/stored_event.hpp"

namespace asyncdemo::testing {

// Keeps a copy of every event, to feed pictures and readers the events of a real run.
class StoringSink final : public TraceSink {
 public:
  void write(const TraceEvent& event) override { events.push_back(StoredEvent::copy(event)); }
  std::vector<StoredEvent> events;
};

// The scenario built from task specs, like "one=1s"; fails the test if a spec is bad.
Scenario scenario_of(std::initializer_list<std::string> specs);

// The events of running `scenario` on the virtual clock in sync and then async mode (compare),
// or in the one mode given.
std::vector<StoredEvent> virtual_events(const Scenario& scenario);
std::vector<StoredEvent> virtual_events(const Scenario& scenario, Mode mode);

}  // namespace asyncdemo::testing
