#include "support/storing_sink.hpp"

#include <stdexcept>

#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/schedule/scheduler.hpp"

namespace asyncdemo::testing {

Scenario scenario_of(std::initializer_list<std::string> specs) {
  std::vector<TaskSpec> tasks;
  for (const std::string& spec : specs) {
    Result<TaskSpec> task = parse_task_spec(spec);
    if (!task) throw std::invalid_argument(task.error().message());
    tasks.push_back(std::move(task).value());
  }
  return Scenario::from_tasks(std::move(tasks)).value();
}

std::vector<StoredEvent> virtual_events(const Scenario& scenario, Mode mode) {
  StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  run_scenario(scenario, mode, ClockKind::virtual_, trace, stop);
  return sink.events;
}

std::vector<StoredEvent> virtual_events(const Scenario& scenario) {
  std::vector<StoredEvent> events = virtual_events(scenario, Mode::sync);
  for (StoredEvent& event : virtual_events(scenario, Mode::async)) events.push_back(event);
  return events;
}

}  // namespace asyncdemo::testing
