#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/mode.hpp"

namespace asyncdemo {

// The names are part of the JSON-lines contract (README, "The JSON-lines trace"): never rename.
enum class EventKind { run_start, start, print, sleep, wake, end, cancel, run_end };

constexpr std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::run_start:
      return "run_start";
    case EventKind::start:
      return "start";
    case EventKind::print:
      return "print";
    case EventKind::sleep:
      return "sleep";
    case EventKind::wake:
      return "wake";
    case EventKind::end:
      return "end";
    case EventKind::cancel:
      return "cancel";
    case EventKind::run_end:
      return "run_end";
  }
  return "?";
}

// Facts about a whole run, carried by run_start (planned) and run_end (planned and counted).
struct RunFacts {
  ClockKind clock = ClockKind::real;
  std::size_t tasks = 0;
  Duration
      theory{};  // what theory predicts for the total: sum of sleeps (sync), longest task (async)
  Duration elapsed{};         // run_end only
  std::size_t finished = 0;   // run_end only
  std::size_t cancelled = 0;  // run_end only
  // run_end only: the run's statistics.
  std::uint64_t events = 0;  // every event of the run, run_start and run_end included
  Duration late_p50{};       // wake lateness: median, 99th percentile, worst
  Duration late_p99{};
  Duration late_max{};
  std::size_t peak_asleep = 0;        // the most tasks waiting at once
  std::uint64_t loop_iterations = 0;  // 0 in sync mode: there is no loop
};

// One thing that happened. Views point into the scenario or the step, which outlive the event;
// sinks that keep events must copy what they keep.
struct TraceEvent {
  EventKind kind = EventKind::start;
  Duration t{};  // since the run began
  Mode mode = Mode::sync;
  std::string_view task;          // task events only
  std::string_view text;          // print: what was printed
  std::string_view at;            // cancel: the step the task stood at, empty if it never started
  Duration seconds{};             // sleep: the requested duration
  Duration late{};                // wake: how long after its deadline the task woke
  const RunFacts* run = nullptr;  // run_start and run_end
};

}  // namespace asyncdemo
