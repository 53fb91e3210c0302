// Real-time tests of the libuv loop. They sleep for real, so they stay short, check lower
// bounds strictly (no coroutine may wake before its deadline) and upper bounds generously (a
// loaded 2-core machine may be slow, never early).
#include <doctest/doctest.h>

#include <vector>

#include "asyncdemo/core/task.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

struct Wake {
  int id;
  Duration deadline;
  Duration woke;
};

Task sleeper(UvLoop& loop, int id, Duration duration, std::vector<Wake>& wakes, int& unfinished) {
  const Duration deadline = loop.clock().now() + duration;
  co_await SleepUntil(loop, deadline);
  wakes.push_back({id, deadline, loop.clock().now()});
  --unfinished;
}

}  // namespace

TEST_CASE("UvLoop wakes each coroutine at or after its deadline, shortest first") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  std::vector<Wake> wakes;
  int unfinished = 3;
  std::vector<Task> tasks;
  tasks.push_back(sleeper(loop, 1, 60ms, wakes, unfinished));
  tasks.push_back(sleeper(loop, 2, 20ms, wakes, unfinished));
  tasks.push_back(sleeper(loop, 3, 40ms, wakes, unfinished));
  for (Task& task : tasks) task.start();
  loop.run_until([&] { return unfinished == 0; });
  REQUIRE(wakes.size() == 3);
  CHECK(wakes[0].id == 2);
  CHECK(wakes[1].id == 3);
  CHECK(wakes[2].id == 1);
  for (const Wake& wake : wakes) {
    CHECK(wake.woke >= wake.deadline);
    CHECK(wake.woke - wake.deadline < 2s);
  }
  // Concurrent: the run lasts about the longest sleep, not the sum (120 ms).
  CHECK(clock.now() >= 60ms);
}

TEST_CASE("UvLoop cancels sleeping coroutines when a stop is requested") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  int cancelled = 0;
  int unfinished = 2;
  const auto long_sleeper = [&]() -> Task {
    try {
      co_await SleepUntil(loop, clock.now() + 60s);
    } catch (const Cancelled&) {
      ++cancelled;
    }
    --unfinished;
  };
  Task a = long_sleeper();
  Task b = long_sleeper();
  a.start();
  b.start();
  stop.request(StopReason::interrupt);
  loop.run_until([&] { return unfinished == 0; });
  CHECK(cancelled == 2);
  CHECK(clock.now() < 30s);
}

TEST_CASE("RealClock blocks at least until the deadline and a stop cuts it short") {
  StopSignal stop;
  RealClock clock(stop);
  CHECK(clock.block_until(30ms));
  CHECK(clock.now() >= 30ms);
  stop.request(StopReason::terminate);
  CHECK_FALSE(clock.block_until(clock.now() + 60s));
  CHECK(clock.now() < 30s);
}
