#pragma once

#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/trace/event.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

// Runs every task of the scenario once, in `mode` on `clock`, recording each event in the trace
// from run_start to run_end. A stop request cancels the unfinished tasks, each recorded where it
// stood. Returns the run's facts, as run_end carries them. An `observer` is told what the
// executor does as it does it (--explain).
RunFacts run_scenario(const Scenario& scenario, Mode mode, ClockKind clock, Trace& trace,
                      const StopSignal& stop, LoopObserver* observer = nullptr);

}  // namespace asyncdemo
