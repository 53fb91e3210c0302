#include "support/runs.hpp"

#include "asyncdemo/scenario/task_spec.hpp"
#include "support/recording_sink.hpp"

namespace asyncdemo::testing {

Scenario scenario_of(std::initializer_list<std::string> specs) {
  std::vector<TaskSpec> tasks;
  for (const std::string& spec : specs) tasks.push_back(parse_task_spec(spec).value());
  return Scenario::from_tasks(std::move(tasks)).value();
}

Lines run_virtual(const Scenario& scenario, Mode mode, RunSettings settings,
                  std::vector<std::string>* warnings) {
  RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  settings.warn = [warnings](std::string_view message) {
    if (warnings != nullptr) warnings->emplace_back(message);
  };
  run_scenario(scenario, mode, ClockKind::virtual_, trace, stop, settings);
  return sink.lines;
}

Lines only(const Lines& lines, std::string_view needle) {
  Lines kept;
  for (const std::string& line : lines) {
    if (line.find(needle) != std::string::npos) kept.push_back(line);
  }
  return kept;
}

}  // namespace asyncdemo::testing
