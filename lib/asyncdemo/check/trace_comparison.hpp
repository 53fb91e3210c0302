#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/trace/stored_event.hpp"

namespace asyncdemo {

// One event of a trace as `asyncdemo check` compares it.
struct ComparedEvent {
  Duration t{};
  std::string task;
  // What must be equal on both sides: the event, its task and the fields a program controls
  // (a print's text, a step's seconds, where a cancel found the task and why, ...). Times are
  // compared apart, within a tolerance; lateness, held, waited and worker are not compared.
  std::string key;
  std::string shown;  // the same for people: `print "hello"`, `cancel at sleep:1s (timeout)`
  // Reported by a pool thread or a socket rather than by the loop itself: in real time, where
  // it falls among the loop's events of the same instant is a race.
  bool from_outside = false;
  bool cancel = false;
};

// The task events of one run, in order, as check compares them: run_start and run_end are left
// out (their counts are compared apart), and of a fetch only fetch_done is kept, since the
// programs trace a fetch as one step. A cancel's or a failure's step is read in its normal form
// (`sleep:0.25` is `sleep:250ms`), whichever way the trace wrote it.
std::vector<ComparedEvent> compared_events(std::span<const StoredEvent> events);

struct ComparisonRules {
  Duration tolerance{};  // how far apart the two may put an event in time
  // The language runs the tasks of one instant in an order of its own (Trio varies it on
  // purpose; Node resumes an async function a microtask later than asyncio a coroutine).
  bool own_order_within_an_instant = false;
  // How close asyncdemo's events must be to the first of an instant to belong to it: 0 on the
  // virtual clock, where events of one instant have one time; a little on the real clock (a
  // scenario with fetch:), where no two events have quite the same time.
  Duration same_instant{};
};

// Where the program's trace departs from asyncdemo's, if it does.
struct TraceComparison {
  bool agree = true;
  // The first row (an index into both traces) that differs, or the end of the shorter trace.
  std::size_t difference_row = 0;
  std::string difference;  // "at row 5 (0.200s): asyncdemo has ..., the program has ..."
  // Rows where the two hold different events of the same instant, which are compared as a set.
  std::vector<std::size_t> reordered;
  // How far apart in time the two put an event at most, by the nearer of the two measures.
  Duration most_apart{};
};

// Compares a program's trace (`actual`) with asyncdemo's (`expected`). The events of one
// instant of asyncdemo's trace form a group, and the groups must come in the same order on
// both sides. Each event must be within the tolerance of its group's time, counted from each
// trace's first event, or of the time since the group before (a wake that came late on a busy
// machine moves what follows it, without being wrong). Inside a group the order must be the
// same too, except that cancellations at one instant are a set (asyncio's TaskGroup and Trio's
// nursery cancel from a set, Node's AbortController in the order the waits began), and the
// whole group is a set, each task's own events still in order, when the language has its own
// order within an instant or when a pool thread's or a socket's event is in it (which of
// them reaches the loop first is a race in real time).
TraceComparison compare_traces(const std::vector<ComparedEvent>& expected,
                               const std::vector<ComparedEvent>& actual,
                               const ComparisonRules& rules);

}  // namespace asyncdemo
