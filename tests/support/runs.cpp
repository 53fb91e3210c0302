#include "support/runs.hpp"

#include "support/recording_sink.hpp"

namespace asyncdemo::testing {

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

std::vector<RecordedRun> recorded_runs(const std::vector<StoredEvent>& events) {
  RunRecorder recorder;
  for (const StoredEvent& event : events) recorder.add(event.view());
  return recorder.runs();
}

}  // namespace asyncdemo::testing
