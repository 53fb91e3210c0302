#include <doctest/doctest.h>

#include "asyncdemo/pictures/recorded_run.hpp"
#include "support/runs.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("RunRecorder turns a run into one lane per task with running and sleeping spans") {
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
  CHECK_FALSE(b.cancelled);
  REQUIRE(b.spans.size() == 3);
  CHECK(b.spans[0].kind == SpanKind::running);
  CHECK(b.spans[1].kind == SpanKind::sleeping);
  CHECK(b.spans[1].from == 0s);
  CHECK(b.spans[1].to == 2s);
  CHECK(b.spans[1].planned == 2s);
  CHECK(b.spans[2].kind == SpanKind::running);
  REQUIRE(b.prints.size() == 2);
  CHECK(b.prints[0].text == "b started");
  CHECK(b.prints[1].t == 2s);
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
  CHECK(runs[1].lanes[1].prints[1].text == "b resumed");
  CHECK(longest_elapsed(runs) == 3s);
  CHECK(speed_up_of(runs) == "1.50x");
}

TEST_CASE("speed_up_of is empty unless a finished sync run and a finished async run are there") {
  const auto scenario = testing::scenario_of({"a=1s"});
  CHECK(
      speed_up_of(testing::recorded_runs(testing::virtual_events(scenario, Mode::async))).empty());
}

TEST_CASE("RunRecorder shows waiting for the pool as sleeping and a failed task as ended") {
  const auto runs = testing::recorded_runs(testing::virtual_events(
      testing::scenario_of({"a=work:1s,print:done", "b=sleep:500ms,fail:x"}), Mode::async));
  REQUIRE(runs.size() == 1);
  REQUIRE(runs[0].lanes.size() == 2);
  const Lane& a = runs[0].lanes[0];
  CHECK(a.cancelled);  // b's failure cancelled it in its work
  REQUIRE_FALSE(a.spans.empty());
  CHECK(a.spans.back().kind == SpanKind::sleeping);
  CHECK(a.spans.back().planned == 1s);
  const Lane& b = runs[0].lanes[1];
  CHECK(b.failed);
  CHECK_FALSE(b.cancelled);
  CHECK(b.ended == 500ms);
}
