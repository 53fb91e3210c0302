#include <doctest/doctest.h>

#include "asyncdemo/steps/fail_step.hpp"
#include "support/lines.hpp"
#include "support/runs.hpp"

using namespace asyncdemo;
using namespace asyncdemo::testing;
using namespace std::chrono_literals;

TEST_CASE("FailStep::parse keeps the message, commas and all") {
  auto step = FailStep::parse("disk full, giving up");
  REQUIRE(step.ok());
  CHECK(step.value()->spec() == "fail:disk full, giving up");
  CHECK(step.value()->planned_wait() == 0s);
}

TEST_CASE("a failure cancels its siblings at the await where each stands by default") {
  const Lines lines = run_virtual(
      scenario_of({"a=sleep:1s,fail:boom", "b=sleep:2s", "c=print:x,work:3s"}), Mode::async);
  CHECK(lines == Lines{
                     "0.000000 async run_start",
                     "0.000000 async a start",
                     "0.000000 async a sleep 1s",
                     "0.000000 async b start",
                     "0.000000 async b sleep 2s",
                     "0.000000 async c start",
                     "0.000000 async c print x",
                     "0.000000 async c work_queue 3s",
                     "0.000000 async c work_start waited=0s worker=1",
                     "1.000000 async a wake late=0s",
                     "1.000000 async a fail at=fail:boom message=boom",
                     "1.000000 async b cancel at=sleep:2s reason=failure",
                     "1.000000 async c cancel at=work:3s reason=failure",
                     "1.000000 async run_end elapsed=1.000000 finished=0 cancelled=2 failed=1 "
                     "stopped_by=failure",
                 });
}

TEST_CASE("with on-error continue the others run on and every failure is counted") {
  RunSettings settings;
  settings.on_error = OnError::continue_;
  const Lines lines =
      run_virtual(scenario_of({"a=sleep:1s,fail:boom", "b=sleep:2s", "c=fail:early,print:never"}),
                  Mode::async, settings);
  CHECK(only(lines, " fail ") == Lines{"0.000000 async c fail at=fail:early message=early",
                                       "1.000000 async a fail at=fail:boom message=boom"});
  CHECK(only(lines, " b ").back() == "2.000000 async b end");
  CHECK(lines.back() == "2.000000 async run_end elapsed=2.000000 finished=1 cancelled=0 failed=2");
}

TEST_CASE("a sibling resumed in the same turn as the failure takes its step, as in a TaskGroup") {
  // The TaskGroup's abort is the failed task's done callback, queued behind b's resumption.
  const Lines lines =
      run_virtual(scenario_of({"a=sleep:1s,fail:boom", "b=sleep:1s,print:too"}), Mode::async);
  CHECK(only(lines, " b ") == Lines{"0.000000 async b start", "0.000000 async b sleep 1s",
                                    "1.000000 async b wake late=0s", "1.000000 async b print too",
                                    "1.000000 async b end"});
}

TEST_CASE("in sync mode a failure stops the run: the tasks after it never start") {
  const Lines lines = run_virtual(scenario_of({"a=1s", "b=fail:boom", "c=1s"}), Mode::sync);
  CHECK(only(lines, " b ") ==
        Lines{"1.000000 sync b start", "1.000000 sync b fail at=fail:boom message=boom"});
  CHECK(only(lines, " c ") == Lines{"1.000000 sync c cancel at= reason=failure"});
  CHECK(
      lines.back() ==
      "1.000000 sync run_end elapsed=1.000000 finished=1 cancelled=1 failed=1 stopped_by=failure");
}

TEST_CASE("in sync mode with on-error continue the next task runs after a failure") {
  RunSettings settings;
  settings.on_error = OnError::continue_;
  const Lines lines =
      run_virtual(scenario_of({"a=1s", "b=fail:boom", "c=1s"}), Mode::sync, settings);
  CHECK(lines.back() == "2.000000 sync run_end elapsed=2.000000 finished=2 cancelled=0 failed=1");
}
