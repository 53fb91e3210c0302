#include <doctest/doctest.h>

#include "asyncdemo/pictures/recorded_run.hpp"
#include "support/runs.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("RunRecorder turns a run into one lane per task with its states and prints") {
  const auto runs = testing::recorded_runs(
      testing::virtual_events(testing::scenario_of({"a=1s", "b=2s"}), Mode::async));
  REQUIRE(runs.size() == 1);
  const RecordedRun& run = runs[0];
  CHECK(run.mode == Mode::async);
  CHECK(run.complete);
  CHECK(run.facts.elapsed == 2s);
  REQUIRE(run.lanes.size() == 2);
  const Lane& b = run.lanes[1];
  CHECK(b.task == "b");
  CHECK(b.started == 0s);
  CHECK(b.ended == 2s);
  CHECK(b.ending == Ending::finished);
  REQUIRE(b.spans.size() == 3);
  CHECK(b.spans[0].state == State::running);
  CHECK(b.spans[1].state == State::asleep);
  CHECK(b.spans[1].from == 0s);
  CHECK(b.spans[1].to == 2s);
  CHECK(b.spans[1].asked == 2s);
  CHECK(b.spans[2].state == State::running);
  REQUIRE(b.marks.size() == 2);
  CHECK(b.marks[0].kind == MarkKind::print);
  CHECK(b.marks[0].text == "b started");
  CHECK(b.marks[1].t == 2s);
}

TEST_CASE("RunRecorder keeps one run per run_start and copies the text it keeps") {
  std::vector<RecordedRun> runs;
  {
    const auto events = testing::virtual_events(testing::scenario_of({"a=1s", "b=2s"}));
    runs = testing::recorded_runs(events);
  }  // the events, and the strings the views pointed into, are gone now
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].mode == Mode::sync);
  CHECK(runs[0].lanes[1].started == 1s);
  CHECK(runs[1].lanes[1].marks[1].text == "b resumed");
  CHECK(longest_elapsed(runs) == 3s);
  CHECK(speed_up_of(runs) == "1.50x");
  CHECK(has_mode(runs, Mode::sync));
}

TEST_CASE("speed_up_of is empty unless a finished sync run and a finished async run are there") {
  const auto scenario = testing::scenario_of({"a=1s"});
  CHECK(
      speed_up_of(testing::recorded_runs(testing::virtual_events(scenario, Mode::async))).empty());
}

TEST_CASE("RunRecorder tells a failure from a cancellation, and says what cancelled a task") {
  const auto runs = testing::recorded_runs(testing::virtual_events(
      testing::scenario_of({"a=work:1s,print:done", "b=sleep:500ms,fail:disk full"}), Mode::async));
  REQUIRE(runs.size() == 1);
  REQUIRE(runs[0].lanes.size() == 2);
  const Lane& a = runs[0].lanes[0];
  CHECK(a.ending == Ending::cancelled);  // b's failure cancelled it in its work
  CHECK(a.cancelled_by == StopReason::task_failed);
  CHECK(a.at == "work:1s");
  REQUIRE_FALSE(a.spans.empty());
  CHECK(a.spans.back().state == State::on_thread);
  CHECK(a.spans.back().cut_short);
  const Lane& b = runs[0].lanes[1];
  CHECK(b.ending == Ending::failed);
  CHECK(b.message == "disk full");
  CHECK(b.at == "fail:disk full");
  CHECK(b.ended == 500ms);
}

TEST_CASE("RunRecorder tells what a task of the current run is doing after the events so far") {
  const auto events = testing::virtual_events(testing::scenario_of({"a=1s", "b=2s"}), Mode::async);
  RunRecorder recorder;
  for (std::size_t i = 0; i < 4; ++i) recorder.add(events[i].view());  // a started, printed, sleeps
  CHECK(recorder.state_of("a") == State::asleep);
  CHECK(!recorder.state_of("b"));  // not started yet
  CHECK(!recorder.state_of("nobody"));
  for (const StoredEvent& event : events) recorder.add(event.view());
  CHECK(!recorder.state_of("a"));  // ended
}
