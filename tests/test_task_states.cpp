#include <doctest/doctest.h>

#include "asyncdemo/pictures/task_states.hpp"
#include "support/trace_events.hpp"

using namespace asyncdemo;
using testing::event_of;
using namespace std::chrono_literals;

namespace {

// The spans one task's events close, in order.
std::vector<Span> spans_of(Mode mode, const std::vector<TraceEvent>& events) {
  TaskStateTracker states(mode);
  std::vector<Span> closed;
  for (const TraceEvent& event : events) states.add(event, closed);
  return closed;
}

TraceEvent with_seconds(TraceEvent event, Duration seconds) {
  event.seconds = seconds;
  return event;
}
TraceEvent with_late(TraceEvent event, Duration late) {
  event.late = late;
  return event;
}

}  // namespace

TEST_CASE("TaskStateTracker draws a wake made late by a blocked loop as asleep, then late") {
  const auto spans =
      spans_of(Mode::async, {event_of(EventKind::start, 0s, "b"),
                             with_seconds(event_of(EventKind::sleep, 0s, "b"), 100ms),
                             with_late(event_of(EventKind::wake, 350ms, "b"), 250ms),
                             event_of(EventKind::end, 350ms, "b")});
  REQUIRE(spans.size() == 4);
  CHECK(spans[1].state == State::asleep);
  CHECK(spans[1].length() == 100ms);  // what it asked for, not the whole wait
  CHECK(spans[1].asked == 100ms);
  CHECK(spans[2].state == State::late);
  CHECK(spans[2].from == 100ms);
  CHECK(spans[2].to == 350ms);
  CHECK(spans[2].cause == Cause::sleep);
  CHECK(spans[3].state == State::running);
}

TEST_CASE("TaskStateTracker draws pool work as queued, then on its thread, then late") {
  TraceEvent started = event_of(EventKind::work_start, 1500ms, "w5");  // the loop learned late
  started.waited = 1s;
  started.worker = 2;
  TraceEvent done = with_late(event_of(EventKind::work_end, 2500ms, "w5"), 500ms);
  done.worker = 2;
  const auto spans = spans_of(
      Mode::async, {event_of(EventKind::start, 0s, "w5"),
                    with_seconds(event_of(EventKind::work_queue, 0s, "w5"), 1s), started, done});
  REQUIRE(spans.size() == 4);
  CHECK(spans[1].state == State::queued);
  CHECK(spans[1].to == 1s);  // the thread took it then, though the loop learned it at 1.5 s
  CHECK(spans[1].asked == Duration::zero());
  CHECK(spans[2].state == State::on_thread);
  CHECK(spans[2].from == 1s);
  CHECK(spans[2].to == 2s);
  CHECK(spans[2].asked == 1s);
  CHECK(spans[2].worker == 2);
  CHECK(spans[3].state == State::late);
  CHECK(spans[3].length() == 500ms);
}

TEST_CASE("TaskStateTracker draws every wait of a sync run as the thread blocked, whichever step") {
  TraceEvent work_start = event_of(EventKind::work_start, 2s, "t", Mode::sync);
  const auto spans = spans_of(
      Mode::sync, {event_of(EventKind::start, 0s, "t", Mode::sync),
                   with_seconds(event_of(EventKind::sleep, 0s, "t", Mode::sync), 1s),
                   with_late(event_of(EventKind::wake, 1001ms, "t", Mode::sync), 1ms),
                   with_seconds(event_of(EventKind::work_queue, 1001ms, "t", Mode::sync), 1s),
                   work_start, event_of(EventKind::work_end, 2001ms, "t", Mode::sync),
                   with_seconds(event_of(EventKind::block, 2001ms, "t", Mode::sync), 500ms),
                   event_of(EventKind::unblock, 2501ms, "t", Mode::sync),
                   event_of(EventKind::end, 2501ms, "t", Mode::sync)});
  std::vector<Span> waits;
  for (const Span& span : spans) {
    if (span.state != State::running) waits.push_back(span);
  }
  REQUIRE(waits.size() == 3);
  for (const Span& wait : waits) CHECK(wait.state == State::blocking);
  CHECK(waits[0].cause == Cause::sleep);
  CHECK(waits[0].length() == 1001ms);  // the thread was blocked for all of it
  CHECK(waits[1].cause == Cause::work);
  CHECK(waits[1].length() == 1s);
  CHECK(waits[1].asked == 1s);
  CHECK(waits[2].cause == Cause::block);
}

TEST_CASE("TaskStateTracker starts a fetch's wait on the network with its lookup") {
  TraceEvent resolved = with_seconds(event_of(EventKind::fetch_resolved, 10ms, "cat"), 9ms);
  TraceEvent done = with_seconds(event_of(EventKind::fetch_done, 510ms, "cat"), 509ms);
  for (Mode mode : {Mode::async, Mode::sync}) {
    const auto spans = spans_of(mode, {event_of(EventKind::start, 0s, "cat", mode), resolved,
                                       event_of(EventKind::fetch_connected, 11ms, "cat", mode),
                                       done, event_of(EventKind::end, 510ms, "cat", mode)});
    REQUIRE(spans.size() == 3);
    CHECK(spans[0].to == 1ms);
    CHECK(spans[1].state == (mode == Mode::async ? State::network : State::blocking));
    CHECK(spans[1].from == 1ms);
    CHECK(spans[1].to == 510ms);
    CHECK(spans[1].cause == Cause::fetch);
  }
}

TEST_CASE("TaskStateTracker marks a wait that a cancellation ended as cut short") {
  TaskStateTracker states(Mode::async);
  std::vector<Span> closed;
  states.add(event_of(EventKind::start, 0s, "b"), closed);
  states.add(with_seconds(event_of(EventKind::sleep, 0s, "b"), 2s), closed);
  states.add(event_of(EventKind::cancel, 1500ms, "b"), closed);
  REQUIRE(closed.size() == 2);
  CHECK(closed[1].state == State::asleep);
  CHECK(closed[1].cut_short);
  CHECK(closed[1].length() == 1500ms);
  states.close(2s, closed);  // nothing is left open
  CHECK(closed.size() == 2);
}

TEST_CASE(
    "TaskStateTracker says what the task is doing now: none before its start and after its end") {
  TaskStateTracker states(Mode::async);
  std::vector<Span> closed;
  CHECK(!states.state());
  states.add(event_of(EventKind::start, 0s, "a"), closed);
  CHECK(states.state() == State::running);
  states.add(with_seconds(event_of(EventKind::sleep, 0s, "a"), 1s), closed);
  CHECK(states.state() == State::asleep);
  states.add(with_late(event_of(EventKind::wake, 1s, "a"), 0s), closed);
  CHECK(states.state() == State::running);
  states.add(event_of(EventKind::end, 1s, "a"), closed);
  CHECK(!states.state());
}
