#include "asyncdemo/command.hpp"

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/outputs.hpp"
#include "asyncdemo/scenario/task_file.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/schedule/scheduler.hpp"

namespace asyncdemo {

bool use_color(ColorMode mode, bool terminal, const char* no_color) {
  switch (mode) {
    case ColorMode::always:
      return true;
    case ColorMode::never:
      return false;
    case ColorMode::automatic:
      return terminal && (no_color == nullptr || *no_color == '\0');
  }
  return false;
}

Result<Scenario> load_scenario(const Options& options) {
  std::vector<TaskSpec> tasks;
  for (const std::string& spec : options.tasks) {
    Result<TaskSpec> task = parse_task_spec(spec);
    if (!task) return task.error();
    tasks.push_back(std::move(task).value());
  }
  if (!options.task_file.empty()) {
    Result<std::vector<TaskSpec>> from_file = read_task_file(options.task_file);
    if (!from_file) return from_file.error();
    for (TaskSpec& task : from_file.value()) tasks.push_back(std::move(task));
    if (from_file->empty() && tasks.empty()) {
      return Error{"--file", "'" + options.task_file + "' has no tasks",
                   "one task per line, like one=1s"};
    }
  }
  if (tasks.empty()) return Scenario::classic();
  return Scenario::from_tasks(std::move(tasks));
}

int run_command(const Options& options) {
  Result<Scenario> scenario = load_scenario(options);
  if (!scenario) {
    print_error(scenario.error().message());
    return kExitUsage;
  }

  StopSignal stop;
  stop.catch_process_signals();
  Result<std::unique_ptr<Outputs>> outputs = Outputs::open(
      options, Outputs::Purpose::run, scenario->longest_name(), scenario->task_count(), stop);
  if (!outputs) {
    print_error(outputs.error().message());
    return kExitUsage;
  }
  Trace& trace = outputs.value()->trace();

  const std::vector<Mode> modes =
      options.mode ? std::vector<Mode>{*options.mode} : std::vector<Mode>{Mode::sync, Mode::async};
  for (Mode mode : modes) {
    if (stop.requested()) break;
    run_scenario(*scenario, mode, options.clock, trace, stop, outputs.value()->narrator());
  }
  return outputs.value()->finish(stop);
}

}  // namespace asyncdemo
