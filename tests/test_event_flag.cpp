#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/coordination/event_flag.hpp"
#include "support/lines.hpp"
#include "support/task_bench.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using testing::TaskBench;
using Lines = std::vector<std::string>;

namespace {

// After `delay`, waits for the event; notes who set it, when this task waited for that.
Task wait_for(TaskBench& bench, TaskContext ctx, EventFlag& flag, Duration delay) {
  if (delay > Duration::zero()) co_await ctx.sleep_for(delay);
  const TaskState* by = co_await flag.wait(ctx);
  bench.note(ctx, by != nullptr ? "sees it set by " + std::string(by->label()) : "sees it set");
}

// After `delay`, sets the event and notes how many it woke; then cancels `victims` in that same
// turn, before any task it woke can resume.
Task set_after(TaskBench& bench, TaskContext ctx, EventFlag& flag, Duration delay,
               std::vector<TaskContext> victims = {}) {
  co_await ctx.sleep_for(delay);
  const std::size_t woken = flag.set(ctx.executor(), ctx.self());
  bench.note(ctx, "sets it, waking " + std::to_string(woken));
  for (const TaskContext& victim : victims) bench.cancel({victim});
}

}  // namespace

TEST_CASE("setting an event wakes every task that waits, in the order they came") {
  TaskBench bench;
  EventFlag go("go");
  std::vector<TaskContext> waiters;
  for (const char* name : {"w1", "w2", "w3"}) waiters.push_back(bench.task(name));
  const TaskContext s = bench.task("s");
  for (const TaskContext& w : waiters) bench.start(w, wait_for(bench, w, go, 0s));
  bench.start(s, set_after(bench, s, go, 1s));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"1.000000 s sets it, waking 3", "1.000000 w1 sees it set by s",
                             "1.000000 w2 sees it set by s", "1.000000 w3 sees it set by s"});
  CHECK(go.is_set());
}

TEST_CASE("a wait on an event already set goes on at once and names no setter") {
  TaskBench bench;
  EventFlag go("go");
  const TaskContext s = bench.task("s");
  const TaskContext w = bench.task("w");
  bench.start(s, set_after(bench, s, go, 1s));
  bench.start(w, wait_for(bench, w, go, 2s));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"1.000000 s sets it, waking 0", "2.000000 w sees it set"});
}

TEST_CASE("an event is never cleared: setting it again wakes nobody and keeps the first setter") {
  TaskBench bench;
  EventFlag go("go");
  const TaskContext s = bench.task("s");
  const TaskContext again = bench.task("again");
  const TaskContext w = bench.task("w");
  bench.start(w, wait_for(bench, w, go, 0s));
  bench.start(s, set_after(bench, s, go, 1s));
  bench.start(again, set_after(bench, again, go, 1s));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"1.000000 s sets it, waking 1", "1.000000 again sets it, waking 0",
                             "1.000000 w sees it set by s"});
}

TEST_CASE("a waiter cancelled before the event is set is not woken, and the others are") {
  TaskBench bench;
  EventFlag go("go");
  const TaskContext w1 = bench.task("w1");
  const TaskContext w2 = bench.task("w2");
  const TaskContext s = bench.task("s");
  bench.start(w1, wait_for(bench, w1, go, 0s));
  bench.start(w2, wait_for(bench, w2, go, 0s));
  CHECK_FALSE(bench.run());
  bench.cancel({w1});
  bench.start(s, set_after(bench, s, go, 1s));
  CHECK(bench.run());
  CHECK(bench.outcome(w1) == "cancelled");
  CHECK(bench.notes == Lines{"1.000000 s sets it, waking 1", "1.000000 w2 sees it set by s"});
}

TEST_CASE("a waiter woken by the set and cancelled before it resumes is cancelled") {
  TaskBench bench;
  EventFlag go("go");
  const TaskContext w1 = bench.task("w1");
  const TaskContext w2 = bench.task("w2");
  const TaskContext s = bench.task("s");
  bench.start(w1, wait_for(bench, w1, go, 0s));
  bench.start(w2, wait_for(bench, w2, go, 0s));
  bench.start(s, set_after(bench, s, go, 1s, {w1}));
  CHECK(bench.run());
  CHECK(bench.outcome(w1) == "cancelled");
  CHECK(bench.outcome(w2) == "finished");
  CHECK(bench.notes == Lines{"1.000000 s sets it, waking 2", "1.000000 w2 sees it set by s"});
}

TEST_CASE("a task waiting for an event waits for it to be set, in words") {
  TaskBench bench;
  EventFlag go("go");
  const TaskContext w = bench.task("w");
  bench.start(w, wait_for(bench, w, go, 0s));
  CHECK_FALSE(bench.run());
  REQUIRE(w.self().source != nullptr);
  CHECK(w.self().source->waits_for(w.self()) == "event go to be set");
  CHECK(go.name() == "go");
  CHECK_FALSE(go.is_set());
}
