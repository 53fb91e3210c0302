#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/trace/event.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

// What one failed task does to the others: cancel them (a TaskGroup, a Trio nursery), or let
// them run on and list the failures at the end (gather with return_exceptions=True).
enum class OnError { cancel, continue_ };

// The asyncio program an async run is (README, "What happens in one turn of the loop"): the
// tasks under asyncio.gather when no step can fail; under a TaskGroup when one can and a failure
// cancels the others (--on-error cancel); under gather(..., return_exceptions=True) when
// failures are only collected (--on-error continue). With spawn: steps the tasks run in a
// TaskGroup, which also waits for the tasks spawned into it; under --on-error continue each task
// then catches its own failure (task_group_continue). --timeout is asyncio.timeout around it.
enum class GroupForm { gather, task_group, gather_return_exceptions, task_group_continue };
GroupForm group_form(const Scenario& scenario, OnError on_error);

// How a run is carried out, beyond its mode and clock.
struct RunSettings {
  std::optional<Duration> timeout;  // cancel every unfinished task this long after the start
  OnError on_error = OnError::cancel;
  // A blocking call that holds the event loop this long or longer is warned about.
  Duration slow = std::chrono::milliseconds(100);
  // Thread-pool size; 0 is libuv's choice (UV_THREADPOOL_SIZE, else 4), on both clocks.
  std::size_t threads = 0;
  // Where warnings go: standard error unless a test listens.
  std::function<void(std::string_view)> warn = print_warning;
  // Told what the executor does as it does it (--explain); none when null.
  LoopObserver* observer = nullptr;
  // Whether a scenario whose theory needs an ideal run (Theory::needs_ideal_run) may run it:
  // that run itself does not.
  bool ideal_run_for_theory = true;
};

// Runs every task of the scenario once, in `mode` on `clock`, recording each event in the trace
// from run_start to run_end. A stop request, the timeout, or a failure under OnError::cancel
// cancels the unfinished tasks, each recorded where it stood. Returns the run's facts, as
// run_end carries them. An observer in the settings is told what the executor does as it does
// it (--explain).
RunFacts run_scenario(const Scenario& scenario, Mode mode, ClockKind clock, Trace& trace,
                      const StopSignal& stop, const RunSettings& settings = {});
// The same with default settings and an observer.
RunFacts run_scenario(const Scenario& scenario, Mode mode, ClockKind clock, Trace& trace,
                      const StopSignal& stop, LoopObserver* observer);

}  // namespace asyncdemo
