#include "asyncdemo/command.hpp"

#include <unistd.h>

#include <exception>
#include <new>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/outputs.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/uv_net.hpp"
#include "asyncdemo/scenario/task_file.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/schedule/scheduler.hpp"

namespace asyncdemo {

bool use_color(ColorMode mode, bool terminal, const char* no_color, const char* term) {
  switch (mode) {
    case ColorMode::always:
      return true;
    case ColorMode::never:
      return false;
    case ColorMode::automatic:
      return terminal && (no_color == nullptr || *no_color == '\0') &&
             (term == nullptr || std::string_view(term) != "dumb");
  }
  return false;
}

namespace {

// Straight to standard error with write(2): with no memory left, nothing else may work.
void write_error(std::string_view text) noexcept {
  while (!text.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

constexpr std::string_view kOutOfMemory =
    "asyncdemo: error: out of memory; expected fewer tasks (each costs about 200 bytes), or more "
    "memory for asyncdemo (see ulimit -v)\n";

}  // namespace

int run_guarded(const std::function<int()>& command) noexcept {
  try {
    return command();
  } catch (const std::bad_alloc&) {
    write_error(kOutOfMemory);
  } catch (const std::exception& error) {
    try {
      print_error(error.what());
    } catch (...) {
      write_error("asyncdemo: error: ");
      write_error(error.what());
      write_error("\n");
    }
  } catch (...) {
    write_error("asyncdemo: error: an unknown error stopped the program\n");
  }
  return kExitFailure;
}

Result<Duration> parse_duration_option(std::string_view option, std::string_view text) {
  Result<Duration> duration = parse_duration(text);
  if (!duration) return duration.error().within(option);
  return duration;
}

Result<std::size_t> parse_threads(std::string_view text) {
  const Error error{"--threads", "'" + std::string(text) + "' is not a number of threads",
                    "a whole number from 1 to 1024, like --threads 8"};
  if (text.empty() || text.size() > 4) return error;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return error;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < 1 || n > 1024) return error;
  return n;
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
  Result<Declarations> declarations =
      parse_declarations(options.limits, options.queues, options.events);
  if (!declarations) return declarations.error();
  if (tasks.empty()) return Scenario::classic();
  return Scenario::from_tasks(std::move(tasks), std::move(declarations).value());
}

int run_command(const Options& options) {
  Result<Scenario> scenario = load_scenario(options);
  if (!scenario) {
    print_error(scenario.error().message());
    return kExitUsage;
  }

  bool fetches = false;
  for (const TaskSpec& task : scenario->tasks()) {
    for (const auto& step : *task.steps) fetches = fetches || step->needs_real_time();
  }
  // A lookup in a sync run starts libuv's thread pool before the async run would size it.
  if (fetches && options.clock == ClockKind::real && options.threads != 0) {
    reserve_thread_pool(options.threads);
  }
  if (options.clock == ClockKind::virtual_) {
    for (const TaskSpec& task : scenario->tasks()) {
      for (const auto& step : *task.steps) {
        if (!step->needs_real_time()) continue;
        print_error("task '" + task.name + "': " + step->spec() +
                    " needs the real clock (real sockets need real time); expected --clock real, "
                    "or no fetch: steps with --clock virtual");
        return kExitUsage;
      }
    }
  }
  // 1,000 concurrent fetches need 1,000 sockets: lift the soft limit on open files (often 1024).
  raise_open_file_limit();

  StopSignal stop;
  stop.catch_process_signals();
  Result<std::unique_ptr<Outputs>> outputs = Outputs::open(
      options, Outputs::Purpose::run, scenario->longest_name(), scenario->task_count(), stop);
  if (!outputs) {
    print_error(outputs.error().message());
    return kExitUsage;
  }
  Trace& trace = outputs.value()->trace();

  RunSettings settings;
  settings.timeout = options.timeout;
  settings.on_error = options.on_error;
  settings.slow = options.slow;
  settings.threads = options.threads;
  settings.observer = outputs.value()->observer();

  const std::vector<Mode> modes =
      options.mode ? std::vector<Mode>{*options.mode} : std::vector<Mode>{Mode::sync, Mode::async};
  bool timed_out = false;
  bool failed = false;
  for (Mode mode : modes) {
    if (stop.requested()) break;
    const RunFacts facts = run_scenario(*scenario, mode, options.clock, trace, stop, settings);
    timed_out = timed_out || facts.stopped_by == StopReason::timeout;
    failed = failed || facts.failed > 0 || facts.stopped_by == StopReason::deadlock;
  }
  // A signal, the output or the pictures decide first; then a timeout, as timeout(1) reports
  // it; then a failed task.
  const int code = outputs.value()->finish(stop);
  if (code != 0) return code;
  if (timed_out) return kExitTimeout;
  if (failed) return kExitFailure;
  return 0;
}

}  // namespace asyncdemo
