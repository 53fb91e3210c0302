#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace asyncdemo {

// Each kind has its row in trace/event_schema.hpp: its name, which is part of the JSON-lines
// contract (README, "The JSON-lines trace") and never changes, and the fields it carries.
enum class EventKind {
  run_start,
  start,
  print,
  sleep,
  wake,
  end,
  cancel,
  run_end,
  block,
  unblock,
  work_queue,
  work_start,
  work_end,
  fail,
  fetch_resolved,
  fetch_connected,
  fetch_sent,
  fetch_first_byte,
  fetch_done
};

// A set of event kinds, one bit each.
using EventMask = std::uint32_t;
constexpr EventMask event_bit(EventKind kind) {
  return EventMask{1} << static_cast<unsigned>(kind);
}
constexpr EventMask kEveryEvent = ~EventMask{0};

// The event's name in the JSON-lines trace ("run_start", "sleep", ...), from the schema.
std::string_view to_string(EventKind kind);

// A task that failed, for the list at the end of a run.
struct TaskFailure {
  std::string task;
  std::string at;  // the step it failed in
  std::string message;
};

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
  // run_end only: what cut the run short, and the pitfalls' own statistics.
  std::size_t failed = 0;
  StopReason stopped_by = StopReason::none;  // what cut the run short, if anything
  Duration blocked_total{};                  // blocking calls holding the thread, added up
  Duration blocked_max{};                    // the longest of them
  Duration queue_wait_max{};                 // the longest a job waited for a pool thread
  std::vector<TaskFailure> failures{};
};

// One thing that happened. Views point into the scenario or the step, which outlive the event;
// sinks that keep events must copy what they keep (StoredEvent). A member that a trace carries
// has its field in trace/event_schema.hpp, which the JSON-lines writer and reader and CSV follow.
struct TraceEvent {
  EventKind kind = EventKind::start;
  StopReason reason = StopReason::none;  // cancel: what cancelled the task
  Duration t{};                          // since the run began
  Mode mode = Mode::sync;
  unsigned worker = 0;            // work_start, work_end: pool thread from 1; 0 the task's own
  std::string_view task;          // task events only
  std::string_view text;          // print: what was printed; fail: why the task failed;
                                  // fetch_*: the URL; cancel: what a task stuck in a
                                  // deadlock waited for
  std::string_view at;            // cancel, fail: the step the task stood at, empty if it never
                                  // started; fetch_resolved, fetch_connected: the address
  Duration seconds{};             // sleep, block, work_queue: the requested duration;
                                  // fetch_first_byte, fetch_done: seconds since the fetch began
  int status = 0;                 // fetch_done: the HTTP status code
  std::uint64_t bytes = 0;        // fetch_sent: request bytes; fetch_done: body bytes
  Duration late{};                // wake, work_end: how long after it was due the task resumed
  Duration held{};                // unblock: how long the blocking call held the thread
  Duration waited{};              // work_start: how long the job waited for a pool thread
  const RunFacts* run = nullptr;  // run_start and run_end
};

}  // namespace asyncdemo
