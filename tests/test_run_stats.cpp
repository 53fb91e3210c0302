#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/schedule/run_stats.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

TraceEvent unblock(Mode mode, std::string_view task, Duration held) {
  TraceEvent event;
  event.kind = EventKind::unblock;
  event.mode = mode;
  event.task = task;
  event.held = held;
  return event;
}

}  // namespace

TEST_CASE("RunStats warns about a blocking call that held the loop at least the slow threshold") {
  std::vector<std::string> warnings;
  RunStats stats(100ms, [&](std::string_view message) { warnings.emplace_back(message); });
  stats.write(unblock(Mode::async, "a", 99ms));
  stats.write(unblock(Mode::async, "b", 100ms));
  stats.write(unblock(Mode::sync, "c", 5s));  // no loop to hold in sync mode
  CHECK(warnings == std::vector<std::string>{
                        "task 'b' held the event loop for 100ms (blocking call in a coroutine; "
                        "use work: to run it on the thread pool)"});
  RunFacts facts;
  stats.add_to(facts);
  CHECK(facts.blocked_total == 5199ms);
  CHECK(facts.blocked_max == 5s);
}

TEST_CASE("RunStats keeps the longest queue wait and every failure") {
  RunStats stats(100ms, nullptr);
  TraceEvent started;
  started.kind = EventKind::work_start;
  started.waited = 2s;
  stats.write(started);
  TraceEvent failed;
  failed.kind = EventKind::fail;
  failed.task = "f";
  failed.at = "fail:x";
  failed.text = "x";
  stats.write(failed);
  RunFacts facts;
  stats.add_to(facts);
  CHECK(facts.queue_wait_max == 2s);
  REQUIRE(facts.failures.size() == 1);
  CHECK(facts.failures[0].task == "f");
  CHECK(facts.failures[0].message == "x");
  CHECK(facts.failed == 1);
}
