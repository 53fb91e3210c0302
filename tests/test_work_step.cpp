#include <doctest/doctest.h>

#include "asyncdemo/steps/work_step.hpp"
#include "support/lines.hpp"
#include "support/runs.hpp"

using namespace asyncdemo;
using namespace asyncdemo::testing;
using namespace std::chrono_literals;

TEST_CASE("WorkStep::parse takes a duration and names a bad one") {
  auto step = WorkStep::parse("1.5s");
  REQUIRE(step.ok());
  CHECK(step.value()->spec() == "work:1.5s");
  CHECK(step.value()->planned_wait() == 1500ms);
  CHECK_FALSE(WorkStep::parse("-1s").ok());
}

TEST_CASE("work on the pool leaves the loop free for the other tasks") {
  const Lines lines =
      run_virtual(scenario_of({"a=work:1s", "b=sleep:100ms,print:meanwhile"}), Mode::async);
  CHECK(lines == Lines{
                     "0.000000 async run_start",
                     "0.000000 async a start",
                     "0.000000 async a work_queue 1s",
                     "0.000000 async b start",
                     "0.000000 async b sleep 100ms",
                     "0.000000 async a work_start waited=0s worker=1",
                     "0.100000 async b wake late=0s",
                     "0.100000 async b print meanwhile",
                     "0.100000 async b end",
                     "1.000000 async a work_end late=0s worker=1",
                     "1.000000 async a end",
                     "1.000000 async run_end elapsed=1.000000 finished=2 cancelled=0",
                 });
}

TEST_CASE("8 jobs on 4 threads finish in two waves") {
  RunSettings settings;
  settings.threads = 4;
  const Lines lines =
      run_virtual(scenario_of({"w1=work:1s", "w2=work:1s", "w3=work:1s", "w4=work:1s", "w5=work:1s",
                               "w6=work:1s", "w7=work:1s", "w8=work:1s"}),
                  Mode::async, settings);
  CHECK(only(lines, "work_") == Lines{
                                    "0.000000 async w1 work_queue 1s",
                                    "0.000000 async w2 work_queue 1s",
                                    "0.000000 async w3 work_queue 1s",
                                    "0.000000 async w4 work_queue 1s",
                                    "0.000000 async w5 work_queue 1s",
                                    "0.000000 async w6 work_queue 1s",
                                    "0.000000 async w7 work_queue 1s",
                                    "0.000000 async w8 work_queue 1s",
                                    "0.000000 async w1 work_start waited=0s worker=1",
                                    "0.000000 async w2 work_start waited=0s worker=2",
                                    "0.000000 async w3 work_start waited=0s worker=3",
                                    "0.000000 async w4 work_start waited=0s worker=4",
                                    // Each thread that finishes takes the next job at once;
                                    // the finished job's coroutine resumes a turn later.
                                    "1.000000 async w5 work_start waited=1s worker=1",
                                    "1.000000 async w6 work_start waited=1s worker=2",
                                    "1.000000 async w7 work_start waited=1s worker=3",
                                    "1.000000 async w8 work_start waited=1s worker=4",
                                    "1.000000 async w1 work_end late=0s worker=1",
                                    "1.000000 async w2 work_end late=0s worker=2",
                                    "1.000000 async w3 work_end late=0s worker=3",
                                    "1.000000 async w4 work_end late=0s worker=4",
                                    "2.000000 async w5 work_end late=0s worker=1",
                                    "2.000000 async w6 work_end late=0s worker=2",
                                    "2.000000 async w7 work_end late=0s worker=3",
                                    "2.000000 async w8 work_end late=0s worker=4",
                                });
  CHECK(lines.back() == "2.000000 async run_end elapsed=2.000000 finished=8 cancelled=0");
}

TEST_CASE("a job queued behind shorter ones takes the first thread that frees up") {
  RunSettings settings;
  settings.threads = 2;
  const Lines lines = run_virtual(scenario_of({"a=work:3s", "b=work:1s", "c=work:1s", "d=work:1s"}),
                                  Mode::async, settings);
  CHECK(only(lines, "work_start") == Lines{"0.000000 async a work_start waited=0s worker=1",
                                           "0.000000 async b work_start waited=0s worker=2",
                                           "1.000000 async c work_start waited=1s worker=2",
                                           "2.000000 async d work_start waited=2s worker=2"});
  CHECK(lines.back() == "3.000000 async run_end elapsed=3.000000 finished=4 cancelled=0");
}

TEST_CASE("a blocked loop learns late that pool work has finished") {
  const Lines lines =
      run_virtual(scenario_of({"a=work:100ms", "b=sleep:10ms,block:1s"}), Mode::async);
  CHECK(only(lines, " a work_end") == Lines{"1.010000 async a work_end late=910ms worker=1"});
}

TEST_CASE("in sync mode work is a plain blocking call on the task's own thread") {
  const Lines lines = run_virtual(scenario_of({"a=work:1s", "b=work:1s"}), Mode::sync);
  CHECK(only(lines, " a ") == Lines{
                                  "0.000000 sync a start",
                                  "0.000000 sync a work_queue 1s",
                                  "0.000000 sync a work_start waited=0s worker=0",
                                  "1.000000 sync a work_end late=0s worker=0",
                                  "1.000000 sync a end",
                              });
  CHECK(lines.back() == "2.000000 sync run_end elapsed=2.000000 finished=2 cancelled=0");
}

TEST_CASE("a timeout cancels running and queued work where each stands") {
  RunSettings settings;
  settings.threads = 1;
  settings.timeout = 1500ms;
  const Lines lines =
      run_virtual(scenario_of({"a=work:1s", "b=work:1s", "c=work:1s"}), Mode::async, settings);
  CHECK(only(lines, "1.") == Lines{
                                 "1.000000 async b work_start waited=1s worker=1",
                                 "1.000000 async a work_end late=0s worker=1",
                                 "1.000000 async a end",
                                 "1.500000 async b cancel at=work:1s reason=timeout",
                                 "1.500000 async c cancel at=work:1s reason=timeout",
                                 "1.500000 async run_end elapsed=1.500000 finished=1 cancelled=2 "
                                 "stopped_by=timeout",
                             });
}
