#include <doctest/doctest.h>

#include "asyncdemo/pictures/text_fit.hpp"
#include "asyncdemo/pictures/timeline_chart.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/lines.hpp"
#include "support/runs.hpp"
#include "support/storing_sink.hpp"
#include "support/trace_events.hpp"

using namespace asyncdemo;
using testing::event_of;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

TEST_CASE(
    "draw_timeline stacks sync above async on one scale with how each ended and the speed-up") {
  const auto runs =
      testing::recorded_runs(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})));
  const Lines expected{
      "sync   finished in 3.000s",
      "  one  *%%%%%%%%%%%%%%%%*|",
      "  two                   *%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%*|",
      "async  finished in 2.000s, 1.50x faster",
      "  one  *----------------*|",
      "  two  *---------------------------------*|",
      "       +--------+-------+--------+-------+--------+-------+",
      "       0s       500ms   1s       1.5s    2s       2.5s    3s",
      "  - asleep  % blocks the thread  * print  | finished",
  };
  CHECK(draw_timeline(runs, ChartStyle{60, false}) == expected);
}

TEST_CASE("draw_timeline shows running without prints, and says what cancelled a task") {
  RunRecorder recorder;
  RunFacts start{ClockKind::virtual_, 2, 4s, 0s, 0, 0};
  TraceEvent run_start = event_of(EventKind::run_start, 0s);
  run_start.run = &start;
  recorder.add(run_start);
  recorder.add(event_of(EventKind::start, 0s, "work"));
  TraceEvent sleep = event_of(EventKind::sleep, 1s, "work");
  sleep.seconds = 2s;
  recorder.add(sleep);
  recorder.add(event_of(EventKind::start, 0s, "idle"));
  TraceEvent idle_sleep = event_of(EventKind::sleep, 0s, "idle");
  idle_sleep.seconds = 10s;
  recorder.add(idle_sleep);
  recorder.add(event_of(EventKind::wake, 3s, "work"));
  recorder.add(event_of(EventKind::end, 4s, "work"));
  TraceEvent cancel = event_of(EventKind::cancel, 4s, "idle");
  cancel.at = "sleep:10s";
  cancel.reason = StopReason::timeout;
  recorder.add(cancel);
  RunFacts end{ClockKind::virtual_, 2, 4s, 4s, 1, 1};
  end.stopped_by = StopReason::timeout;
  TraceEvent run_end = event_of(EventKind::run_end, 4s);
  run_end.run = &end;
  recorder.add(run_end);

  const Lines expected{
      "async  timed out after 4.000s:",
      "       1 finished, 1 cancelled",
      "  work  ##########--------------------##########|",
      "  idle  ----------------------------------------x",
      "        +---------+---------+---------+---------+",
      "        0s        1s        2s        3s        4s",
      "  # running  - asleep  | finished",
      "  x cancelled by the timeout",
  };
  CHECK(draw_timeline(recorder.runs(), ChartStyle{50, false}) == expected);
}

TEST_CASE("draw_timeline draws with Unicode blocks unless asked for ASCII") {
  const auto runs = testing::recorded_runs(
      testing::virtual_events(testing::scenario_of({"one=1s"}), Mode::async));
  const Lines chart = draw_timeline(runs, ChartStyle{40, true});
  REQUIRE(chart.size() >= 5);
  CHECK(chart[0] == "async  finished in 1.000s");
  CHECK(chart[1] == "  one  ●░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░●┤");
  CHECK(chart[2] == "       ┴───────────────┴──────────────┴");
  CHECK(chart[3] == "       0s              500ms          1s");
}

TEST_CASE("draw_timeline draws the thread pool's queue and waves, and a loop held by a block") {
  testing::StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  RunSettings settings;
  settings.threads = 2;
  settings.warn = nullptr;
  run_scenario(testing::scenario_of({"w*3=work:1s", "a=sleep:500ms,block:1s", "b=sleep:1s"}),
               Mode::async, ClockKind::virtual_, trace, stop, settings);
  const Lines expected{
      // w1 and w2 were done at 1 s, but a's block held the loop until 1.5 s: late. w3 waited
      // for the first thread to free up.
      "async  finished in 2.000s",
      "  w1  ===========================>>>>>>>>>>>>>>#|",
      "  w2  ===========================>>>>>>>>>>>>>>#|",
      "  w3  ...........................===========================#|",
      "  a   --------------%%%%%%%%%%%%%%%%%%%%%%%%%%%#|",
      "  b   --------------------------->>>>>>>>>>>>>>#|",
      "      +-------------+------------+-------------+------------+",
      "      0s            500ms        1s            1.5s         2s",
      "  # running  - asleep  > late (due, waiting for the loop)",
      "  . queued for a thread  = on a pool thread  % blocks the loop",
      "  | finished",
  };
  CHECK(draw_timeline(testing::recorded_runs(sink.events), ChartStyle{62, false}) == expected);
}

TEST_CASE("draw_timeline marks a failure apart from a cancellation and says what cancelled") {
  const auto runs = testing::recorded_runs(testing::virtual_events(
      testing::scenario_of({"a=sleep:1s,fail:disk full", "b=3s"}), Mode::async));
  const Lines expected{
      "async  failed after 1.000s: 0 finished, 1 failed, 1 cancelled",
      "  a  ---------------------------------------------------------------#!",
      "  b  *--------------------------------------------------------------x",
      "     +------------+-----------+------------+-----------+------------+",
      "     0s           200ms       400ms        600ms       800ms        1s",
      "  # running  - asleep  * print  ! failed  x cancelled by a failure",
  };
  CHECK(draw_timeline(runs, ChartStyle{70, false}) == expected);
}

TEST_CASE("draw_timeline says why a task failed after its mark where the lane has room") {
  testing::StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  RunSettings settings;
  settings.on_error = OnError::continue_;
  settings.warn = nullptr;
  run_scenario(testing::scenario_of({"a=sleep:1s,fail:disk full", "b=3s"}), Mode::async,
               ClockKind::virtual_, trace, stop, settings);
  const Lines chart = draw_timeline(testing::recorded_runs(sink.events), ChartStyle{50, false});
  REQUIRE(chart.size() > 3);
  CHECK(chart[0] == "async  finished after 3.000s:");
  CHECK(chart[1] == "       1 finished, 1 failed, 0 cancelled");
  CHECK(chart[2] == "  a  --------------#!  disk full");
}

TEST_CASE("draw_timeline keeps its lanes, axis and legend within the width it is given") {
  const std::string long_name(120, 'n');
  const auto runs = testing::recorded_runs(testing::virtual_events(
      testing::scenario_of({"a_rather_long_task_name=1s", "b=250ms", long_name + "=2s"})));
  for (std::size_t width = kNarrowestChart; width <= 160; ++width) {
    for (bool unicode : {false, true}) {
      const Lines chart = draw_timeline(runs, ChartStyle{width, unicode});
      for (const std::string& line : chart) {
        INFO("width ", width, ": ", line);
        CHECK(columns_of(line) <= width);
      }
      // The axis: at least its start and one more label, never run together.
      std::size_t axis = 0;
      while (axis < chart.size() && chart[axis].find(unicode ? "┴" : "+-") == std::string::npos) {
        ++axis;
      }
      REQUIRE(axis + 1 < chart.size());
      const std::string& labels = chart[axis + 1];
      INFO("width ", width, ": ", labels);
      CHECK(labels.find("0s") != std::string::npos);
      CHECK(labels.find("  ", labels.find("0s")) != std::string::npos);
    }
  }
}

TEST_CASE("draw_timeline says in one line that it needs more room below its narrowest width") {
  const auto runs =
      testing::recorded_runs(testing::virtual_events(testing::scenario_of({"one=1s"})));
  CHECK(draw_timeline(runs, ChartStyle{24, false}) == Lines{"(timeline needs 30 cols)"});
  CHECK(draw_timeline(runs, ChartStyle{29, false}) == Lines{"(timeline needs 30 cols)"});
  CHECK(draw_timeline(runs, ChartStyle{10, false}) == Lines{"(timeline."});
  CHECK(draw_timeline(runs, ChartStyle{60, false}).size() > 1);
}
