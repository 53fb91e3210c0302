#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
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
  fetch_done,
  // The coordination steps' events.
  spawn,
  await,
  awaited,
  acquire,
  acquired,
  release,
  put,
  queued,
  get,
  got,
  wait,
  woken,
  set
};

// A set of event kinds, one bit each.
using EventMask = std::uint64_t;
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

// What the tasks of a run wait on, as written in their steps: the headings and theory's words
// say it, and a fetch makes theory unknown (how long the network takes is not known ahead).
struct Waits {
  bool sleep = false;
  bool block = false;
  bool work = false;
  bool fetch = false;
  bool tasks = false;  // for other tasks: await, acquire, put, get, wait
  bool any() const { return sleep || block || work || fetch || tasks; }
  bool operator==(const Waits&) const = default;
};

// The JSON-lines form of Waits: the step kinds, "sleep,work"; empty when nothing waits.
std::string_view to_string(const Waits& waits);

// The Waits a list like "sleep,work" names; names it does not know are left out.
inline Waits waits_named(std::string_view list) {
  Waits waits;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view name = list.substr(0, comma);
    waits.sleep = waits.sleep || name == "sleep";
    waits.block = waits.block || name == "block";
    waits.work = waits.work || name == "work";
    waits.fetch = waits.fetch || name == "fetch";
    waits.tasks = waits.tasks || name == "tasks";
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return waits;
}

// Facts about a whole run, carried by run_start (planned) and run_end (planned and counted).
struct RunFacts {
  ClockKind clock = ClockKind::real;
  std::size_t tasks = 0;
  // What theory predicts for the total: every wait added up (sync); the longest task, with the
  // pool's size and the blocking calls counted (async). When the tasks fetch, only a lower
  // bound: the network's time is not known ahead, and counts as none.
  Duration theory{};
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
  // run_start and run_end: what the tasks wait on, and with work the pool size theory counted.
  Waits waits{};
  std::size_t threads = 0;
  // Whether theory is the whole prediction, rather than a bound that leaves the network out.
  bool theory_known() const { return !waits.fetch; }
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
                                  // started; fetch_resolved, fetch_connected: the address;
                                  // release: "end" when the task's end released it
  std::string_view on;            // the limit, queue or event a coordination step names
  std::string_view other;         // spawn: the child; await, awaited: the task awaited;
                                  // got: the task that put the item; acquired: the task
                                  // whose release handed the slot over, woken: the task
                                  // that set the event (both empty when it did not wait)
  std::string_view body;          // fetch_done: the body's first bytes (kBodyPreviewBytes)
  Duration seconds{};             // sleep, block, work_queue: the requested duration;
                                  // fetch_resolved, fetch_first_byte, fetch_done: seconds since
                                  // the fetch began
  int status = 0;                 // fetch_done: the HTTP status code
  std::uint64_t bytes = 0;        // fetch_sent: request bytes; fetch_done: body bytes
  std::uint64_t count = 0;        // acquired, release: how many hold the limit now; queued,
                                  // got: the items in the queue now; set: the tasks it woke
  Duration late{};                // wake, work_end: how long after it was due the task resumed
  Duration held{};                // unblock: how long the blocking call held the thread
  Duration waited{};              // work_start: how long the job waited for a pool thread;
                                  // awaited, acquired, queued, got, woken: how long the task
                                  // waited
  const RunFacts* run = nullptr;  // run_start and run_end
};

}  // namespace asyncdemo
