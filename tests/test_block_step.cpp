#include <doctest/doctest.h>

#include "asyncdemo/steps/block_step.hpp"
#include "support/lines.hpp"
#include "support/runs.hpp"

using namespace asyncdemo;
using namespace asyncdemo::testing;
using namespace std::chrono_literals;

TEST_CASE("BlockStep::parse takes a duration and names a bad one") {
  auto step = BlockStep::parse("300ms");
  REQUIRE(step.ok());
  CHECK(step.value()->spec() == "block:300ms");
  CHECK(step.value()->planned_wait() == 300ms);
  CHECK_FALSE(BlockStep::parse("soon").ok());
}

TEST_CASE("a blocking call freezes the loop and every other wake comes late by what is left") {
  std::vector<std::string> warnings;
  const Lines lines =
      run_virtual(scenario_of({"a=sleep:50ms,block:300ms", "b=sleep:100ms,print:late"}),
                  Mode::async, {}, &warnings);
  CHECK(lines == Lines{
                     "0.000000 async run_start",
                     "0.000000 async a start",
                     "0.000000 async a sleep 50ms",
                     "0.000000 async b start",
                     "0.000000 async b sleep 100ms",
                     "0.050000 async a wake late=0s",
                     "0.050000 async a block 300ms",
                     "0.350000 async a unblock held=300ms",
                     "0.350000 async a end",
                     "0.350000 async b wake late=250ms",
                     "0.350000 async b print late",
                     "0.350000 async b end",
                     "0.350000 async run_end elapsed=0.350000 finished=2 cancelled=0",
                 });
  CHECK(warnings == Lines{"task 'a' held the event loop for 300ms (blocking call in a coroutine; "
                          "use work: to run it on the thread pool)"});
}

TEST_CASE("a blocking call shorter than the slow threshold is not warned about") {
  std::vector<std::string> warnings;
  RunSettings settings;
  settings.slow = 301ms;
  run_virtual(scenario_of({"a=block:300ms"}), Mode::async, settings, &warnings);
  CHECK(warnings.empty());
  settings.slow = 300ms;
  run_virtual(scenario_of({"a=block:300ms"}), Mode::async, settings, &warnings);
  CHECK(warnings.size() == 1);
}

TEST_CASE("in sync mode a blocking call is a plain blocking wait and is not warned about") {
  std::vector<std::string> warnings;
  const Lines lines =
      run_virtual(scenario_of({"a=block:300ms", "b=sleep:100ms"}), Mode::sync, {}, &warnings);
  CHECK(only(lines, " a ") == Lines{"0.000000 sync a start", "0.000000 sync a block 300ms",
                                    "0.300000 sync a unblock held=300ms", "0.300000 sync a end"});
  CHECK(lines.back() == "0.400000 sync run_end elapsed=0.400000 finished=2 cancelled=0");
  CHECK(warnings.empty());
}

TEST_CASE("a timeout cannot interrupt a blocking call: it lands when the loop is free again") {
  RunSettings settings;
  settings.timeout = 1s;
  const Lines lines =
      run_virtual(scenario_of({"a=block:2s,print:after", "b=sleep:3s"}), Mode::async, settings);
  CHECK(lines == Lines{
                     "0.000000 async run_start",
                     "0.000000 async a start",
                     "0.000000 async a block 2s",
                     "2.000000 async a unblock held=2s",
                     "2.000000 async a print after",
                     "2.000000 async a end",
                     "2.000000 async b start",
                     "2.000000 async b sleep 3s",
                     "2.000000 async b cancel at=sleep:3s reason=timeout",
                     "2.000000 async run_end elapsed=2.000000 finished=1 cancelled=1 "
                     "stopped_by=timeout",
                 });
}

TEST_CASE("in sync mode a timeout cuts a blocking call short") {
  RunSettings settings;
  settings.timeout = 1s;
  const Lines lines = run_virtual(scenario_of({"a=block:2s", "b=1s"}), Mode::sync, settings);
  CHECK(only(lines, " cancel ") == Lines{"1.000000 sync a cancel at=block:2s reason=timeout",
                                         "1.000000 sync b cancel at= reason=timeout"});
}
