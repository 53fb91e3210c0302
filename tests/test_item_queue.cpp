#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/coordination/item_queue.hpp"
#include "support/lines.hpp"
#include "support/task_bench.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using testing::TaskBench;
using Lines = std::vector<std::string>;

namespace {

// After `delay`, puts each item in turn, noting each once it is in the queue.
Task put_items(TaskBench& bench, TaskContext ctx, ItemQueue& queue, Duration delay,
               std::vector<std::string> items) {
  if (delay > Duration::zero()) co_await ctx.sleep_for(delay);
  for (const std::string& item : items) {
    co_await queue.put(ctx, item);
    bench.note(ctx, "put " + item);
  }
}

// After `delay`, gets `count` items, noting each with the task that put it.
Task get_items(TaskBench& bench, TaskContext ctx, ItemQueue& queue, Duration delay, int count) {
  if (delay > Duration::zero()) co_await ctx.sleep_for(delay);
  for (int i = 0; i < count; ++i) {
    ItemQueue::Item item;
    co_await queue.get(ctx, item);
    bench.note(ctx, "got " + item.text + " from " + item.from);
  }
}

// After `delay`, puts `item` and cancels `victims` in that same turn, before any task the put
// woke can resume.
Task put_then_cancel(TaskBench& bench, TaskContext ctx, ItemQueue& queue, Duration delay,
                     std::string item, std::vector<TaskContext> victims) {
  co_await ctx.sleep_for(delay);
  co_await queue.put(ctx, item);
  bench.note(ctx, "put " + item);
  for (const TaskContext& victim : victims) bench.cancel({victim});
}

// After `delay`, gets one item and cancels `victims` in that same turn.
Task get_then_cancel(TaskBench& bench, TaskContext ctx, ItemQueue& queue, Duration delay,
                     std::vector<TaskContext> victims) {
  co_await ctx.sleep_for(delay);
  ItemQueue::Item item;
  co_await queue.get(ctx, item);
  bench.note(ctx, "got " + item.text + " from " + item.from);
  for (const TaskContext& victim : victims) bench.cancel({victim});
}

}  // namespace

TEST_CASE("get takes the items in the order they were put, each with the task that put it") {
  TaskBench bench;
  ItemQueue jobs("jobs", 0);
  const TaskContext p1 = bench.task("p1");
  const TaskContext p2 = bench.task("p2");
  const TaskContext c = bench.task("c");
  bench.start(p1, put_items(bench, p1, jobs, 0s, {"a1", "a2"}));
  bench.start(p2, put_items(bench, p2, jobs, 0s, {"b1"}));
  bench.start(c, get_items(bench, c, jobs, 1s, 3));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"0.000000 p1 put a1", "0.000000 p1 put a2", "0.000000 p2 put b1",
                             "1.000000 c got a1 from p1", "1.000000 c got a2 from p1",
                             "1.000000 c got b1 from p2"});
  CHECK(jobs.size() == 0);
}

TEST_CASE("a get on an empty queue waits until an item is put, then takes that item") {
  TaskBench bench;
  ItemQueue jobs("jobs", 0);
  const TaskContext c = bench.task("c");
  const TaskContext p = bench.task("p");
  bench.start(c, get_items(bench, c, jobs, 0s, 1));
  bench.start(p, put_items(bench, p, jobs, 1s, {"x"}));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"1.000000 p put x", "1.000000 c got x from p"});
}

TEST_CASE("a put waits while the queue is full, and each get makes room for one more") {
  TaskBench bench;
  ItemQueue jobs("jobs", 1);
  const TaskContext p = bench.task("p");
  const TaskContext c = bench.task("c");
  bench.start(p, put_items(bench, p, jobs, 0s, {"a", "b", "c"}));
  bench.start(c, get_items(bench, c, jobs, 1s, 3));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"0.000000 p put a", "1.000000 c got a from p", "1.000000 p put b",
                             "1.000000 c got b from p", "1.000000 p put c",
                             "1.000000 c got c from p"});
}

TEST_CASE("an unbounded queue never makes a put wait") {
  TaskBench bench;
  ItemQueue jobs("jobs", 0);
  const TaskContext p = bench.task("p");
  std::vector<std::string> items;
  for (int i = 0; i < 1000; ++i) items.push_back(std::to_string(i));
  bench.start(p, put_items(bench, p, jobs, 0s, items));
  CHECK(bench.run());
  CHECK(jobs.size() == 1000);
  CHECK(bench.notes.back() == "0.000000 p put 999");
}

TEST_CASE("a task that gets first takes the item a woken getter was woken for") {
  // As CPython's Queue: the put wakes c1 but hands it nothing; c2, ready before c1 resumes,
  // finds the item and takes it; c1 looks again and waits for the next one.
  TaskBench bench;
  ItemQueue jobs("jobs", 0);
  const TaskContext c1 = bench.task("c1");
  const TaskContext p = bench.task("p");
  const TaskContext c2 = bench.task("c2");
  bench.start(c1, get_items(bench, c1, jobs, 0s, 1));
  bench.start(p, put_items(bench, p, jobs, 1s, {"x"}));
  bench.start(c2, get_items(bench, c2, jobs, 1s, 1));
  const TaskContext late = bench.task("late");
  bench.start(late, put_items(bench, late, jobs, 2s, {"y"}));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"1.000000 p put x", "1.000000 c2 got x from p", "2.000000 late put y",
                             "2.000000 c1 got y from late"});
}

TEST_CASE("a getter woken and then cancelled before it resumes wakes the next getter instead") {
  TaskBench bench;
  ItemQueue jobs("jobs", 0);
  const TaskContext c1 = bench.task("c1");
  const TaskContext c2 = bench.task("c2");
  const TaskContext p = bench.task("p");
  bench.start(c1, get_items(bench, c1, jobs, 0s, 1));
  bench.start(c2, get_items(bench, c2, jobs, 0s, 1));
  bench.start(p, put_then_cancel(bench, p, jobs, 1s, "x", {c1}));
  CHECK(bench.run());
  CHECK(bench.outcome(c1) == "cancelled");
  CHECK(bench.notes == Lines{"1.000000 p put x", "1.000000 c2 got x from p"});
}

TEST_CASE("a putter woken and then cancelled before it resumes wakes the next putter instead") {
  TaskBench bench;
  ItemQueue jobs("jobs", 1);
  const TaskContext first = bench.task("first");
  const TaskContext p1 = bench.task("p1");
  const TaskContext p2 = bench.task("p2");
  const TaskContext c = bench.task("c");
  bench.start(first, put_items(bench, first, jobs, 0s, {"z"}));
  bench.start(p1, put_items(bench, p1, jobs, 0s, {"one"}));
  bench.start(p2, put_items(bench, p2, jobs, 0s, {"two"}));
  bench.start(c, get_then_cancel(bench, c, jobs, 1s, {p1}));
  CHECK(bench.run());
  CHECK(bench.outcome(p1) == "cancelled");
  CHECK(bench.notes ==
        Lines{"0.000000 first put z", "1.000000 c got z from first", "1.000000 p2 put two"});
  CHECK(jobs.size() == 1);
}

TEST_CASE("a getter cancelled while it waits leaves the line and takes nothing") {
  TaskBench bench;
  ItemQueue jobs("jobs", 0);
  const TaskContext c1 = bench.task("c1");
  const TaskContext c2 = bench.task("c2");
  const TaskContext p = bench.task("p");
  bench.start(c1, get_items(bench, c1, jobs, 0s, 1));
  bench.start(c2, get_items(bench, c2, jobs, 0s, 1));
  CHECK_FALSE(bench.run());  // both wait, and nothing can wake them
  bench.cancel({c1});
  bench.start(p, put_items(bench, p, jobs, 1s, {"x"}));
  CHECK(bench.run());
  CHECK(bench.outcome(c1) == "cancelled");
  CHECK(bench.notes == Lines{"1.000000 p put x", "1.000000 c2 got x from p"});
}

TEST_CASE("a putter cancelled while it waits for room leaves the line and puts nothing") {
  TaskBench bench;
  ItemQueue jobs("jobs", 1);
  const TaskContext first = bench.task("first");
  const TaskContext p1 = bench.task("p1");
  const TaskContext p2 = bench.task("p2");
  const TaskContext c = bench.task("c");
  bench.start(first, put_items(bench, first, jobs, 0s, {"z"}));
  bench.start(p1, put_items(bench, p1, jobs, 0s, {"one"}));
  bench.start(p2, put_items(bench, p2, jobs, 0s, {"two"}));
  CHECK_FALSE(bench.run());  // p1 and p2 wait for room, and nothing can make any
  bench.cancel({p1});
  bench.start(c, get_items(bench, c, jobs, 1s, 2));
  CHECK(bench.run());
  CHECK(bench.outcome(p1) == "cancelled");
  CHECK(bench.notes == Lines{"0.000000 first put z", "1.000000 c got z from first",
                             "1.000000 p2 put two", "1.000000 c got two from p2"});
  CHECK(jobs.size() == 0);
}

TEST_CASE("what a waiting task waits for says whether the queue is empty or full") {
  TaskBench bench;
  ItemQueue jobs("jobs", 2);
  const TaskContext c = bench.task("c");
  bench.start(c, get_items(bench, c, jobs, 0s, 1));
  CHECK_FALSE(bench.run());
  REQUIRE(c.self().source != nullptr);
  CHECK(c.self().source->waits_for(c.self()) == "an item in queue jobs (empty)");
  const TaskContext p = bench.task("p");
  bench.start(p, put_items(bench, p, jobs, 0s, {"1", "2", "3", "4"}));
  CHECK_FALSE(bench.run());  // c took "1"; "4" waits for room
  CHECK(bench.outcome(c) == "finished");
  REQUIRE(p.self().source != nullptr);
  CHECK(p.self().source->waits_for(p.self()) == "room in queue jobs (full: 2 of 2)");
  CHECK(jobs.maxsize() == 2);
}
