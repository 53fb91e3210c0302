#include <doctest/doctest.h>

#include "asyncdemo/pictures/timeline_chart.hpp"
#include "support/lines.hpp"
#include "support/runs.hpp"
#include "support/storing_sink.hpp"
#include "support/trace_events.hpp"

using namespace asyncdemo;
using testing::event_of;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

TEST_CASE("draw_timeline stacks sync above async on one scale with totals and the speed-up") {
  const auto runs =
      testing::recorded_runs(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})));
  const Lines expected{
      "sync   total 3.000s",
      "  one  *----------------*|",
      "  two                   *---------------------------------*|",
      "async  total 2.000s, 1.50x faster",
      "  one  *----------------*|",
      "  two  *---------------------------------*|",
      "       +--------+-------+--------+-------+--------+-------+",
      "       0s       500ms   1s       1.5s    2s       2.5s    3s",
      "  * print  # running  - sleeping  | finished  x cancelled",
  };
  CHECK(draw_timeline(runs, ChartStyle{60, false}) == expected);
}

TEST_CASE("draw_timeline shows running without prints, and marks cancelled tasks") {
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
  recorder.add(cancel);
  RunFacts end{ClockKind::virtual_, 2, 4s, 4s, 1, 1};
  TraceEvent run_end = event_of(EventKind::run_end, 4s);
  run_end.run = &end;
  recorder.add(run_end);

  const Lines expected{
      "async  stopped after 4.000s: 1 finished, 1 cancelled",
      "  work  ##########--------------------##########|",
      "  idle  ----------------------------------------x",
      "        +---------+---------+---------+---------+",
      "        0s        1s        2s        3s        4s",
      "  * print  # running  - sleeping  | finished",
      "  x cancelled",
  };
  CHECK(draw_timeline(recorder.runs(), ChartStyle{50, false}) == expected);
}

TEST_CASE("draw_timeline draws with Unicode blocks unless asked for ASCII") {
  const auto runs = testing::recorded_runs(
      testing::virtual_events(testing::scenario_of({"one=1s"}), Mode::async));
  const Lines chart = draw_timeline(runs, ChartStyle{40, true});
  REQUIRE(chart.size() >= 5);
  CHECK(chart[0] == "async  total 1.000s");
  CHECK(chart[1] == "  one  ●░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░●┤");
  CHECK(chart[2] == "       ┴───────────────┴──────────────┴");
  CHECK(chart[3] == "       0s              500ms          1s");
}

TEST_CASE("draw_timeline keeps its lanes, axis and legend within the width it is given") {
  const auto runs = testing::recorded_runs(
      testing::virtual_events(testing::scenario_of({"a_rather_long_task_name=1s", "b=250ms"})));
  for (std::size_t width : {40u, 80u, 120u}) {
    for (const std::string& line : draw_timeline(runs, ChartStyle{width, false})) {
      CHECK(line.size() <= width);
    }
  }
}
