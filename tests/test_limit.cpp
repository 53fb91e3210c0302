#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/coordination/limit.hpp"
#include "support/lines.hpp"
#include "support/task_bench.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using testing::TaskBench;
using Lines = std::vector<std::string>;

namespace {

// Takes a slot of `limit`, holds it for `hold`, gives it back; notes when it holds it (and
// whose release handed it over) and when it gave it back.
Task hold_for(TaskBench& bench, TaskContext ctx, Limit& limit, Duration hold) {
  const TaskState* from = co_await limit.acquire(ctx);
  bench.note(ctx, "holds " + limit.name() +
                      (from != nullptr ? " from " + std::string(from->label()) : ""));
  if (hold > Duration::zero()) co_await ctx.sleep_for(hold);
  CHECK(limit.release(ctx.executor(), ctx.self()));
  bench.note(ctx, "released");
}

// Holds a slot for `hold`, gives it back and asks again at once, before any other task runs.
Task release_and_ask_again(TaskBench& bench, TaskContext ctx, Limit& limit, Duration hold) {
  co_await limit.acquire(ctx);
  bench.note(ctx, "holds " + limit.name());
  co_await ctx.sleep_for(hold);
  limit.release(ctx.executor(), ctx.self());
  bench.note(ctx, "released");
  const TaskState* from = co_await limit.acquire(ctx);
  bench.note(ctx, "holds " + limit.name() + " again from " + std::string(from->label()));
  limit.release(ctx.executor(), ctx.self());
}

// Holds a slot for `hold`, gives it back, and cancels `victims` in that same turn, before any
// task the release woke can resume.
Task release_then_cancel(TaskBench& bench, TaskContext ctx, Limit& limit, Duration hold,
                         std::vector<TaskContext> victims) {
  co_await limit.acquire(ctx);
  co_await ctx.sleep_for(hold);
  limit.release(ctx.executor(), ctx.self());
  bench.note(ctx, "released");
  for (const TaskContext& victim : victims) bench.cancel({victim});
}

// Cancels `victims` after `delay`, as a timeout would.
Task cancel_after(TaskBench& bench, TaskContext ctx, Duration delay,
                  std::vector<TaskContext> victims) {
  co_await ctx.sleep_for(delay);
  for (const TaskContext& victim : victims) bench.cancel({victim});
  bench.note(ctx, "cancels");
}

// Takes a slot and keeps it.
Task keep(TaskBench& bench, TaskContext ctx, Limit& limit) {
  co_await limit.acquire(ctx);
  bench.note(ctx, "holds " + limit.name());
}

// Takes two slots and keeps them.
Task keep_two(TaskBench& bench, TaskContext ctx, Limit& limit) {
  co_await limit.acquire(ctx);
  co_await limit.acquire(ctx);
  bench.note(ctx, "holds two");
}

}  // namespace

TEST_CASE("a free slot is taken at once, and a task that finds none waits for a release") {
  TaskBench bench;
  Limit db("db", 1);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  bench.start(a, hold_for(bench, a, db, 1s));
  bench.start(b, hold_for(bench, b, db, 0s));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"0.000000 a holds db", "1.000000 a released",
                             "1.000000 b holds db from a", "1.000000 b released"});
  CHECK(db.holders().empty());
}

TEST_CASE("tasks waiting for a lock get it first come, first served, each from the one before") {
  TaskBench bench;
  Limit db("db", 1);
  std::vector<TaskContext> tasks;
  for (const char* name : {"a", "b", "c", "d"}) tasks.push_back(bench.task(name));
  for (const TaskContext& task : tasks) bench.start(task, hold_for(bench, task, db, 1s));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"0.000000 a holds db", "1.000000 a released",
                             "1.000000 b holds db from a", "2.000000 b released",
                             "2.000000 c holds db from b", "3.000000 c released",
                             "3.000000 d holds db from c", "4.000000 d released"});
}

TEST_CASE("a limit of 2 lets two tasks in and hands each freed slot to the next waiter") {
  TaskBench bench;
  Limit pool("pool", 2);
  const std::vector<std::pair<const char*, Duration>> plan{
      {"a", 1s}, {"b", 2s}, {"c", 1s}, {"d", 1s}, {"e", 1s}};
  for (const auto& [name, hold] : plan) {
    const TaskContext task = bench.task(name);
    bench.start(task, hold_for(bench, task, pool, hold));
  }
  CHECK(bench.run());
  // b and c both give a slot back at 2 s: b first, since its sleep began first.
  CHECK(bench.notes == Lines{"0.000000 a holds pool", "0.000000 b holds pool",
                             "1.000000 a released", "1.000000 c holds pool from a",
                             "2.000000 b released", "2.000000 c released",
                             "2.000000 d holds pool from b", "2.000000 e holds pool from c",
                             "3.000000 d released", "3.000000 e released"});
}

TEST_CASE("a task that asks again right after its release waits behind the task it woke") {
  TaskBench bench;
  Limit db("db", 1);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  bench.start(a, release_and_ask_again(bench, a, db, 1s));
  bench.start(b, hold_for(bench, b, db, 0s));
  CHECK(bench.run());
  CHECK(bench.notes == Lines{"0.000000 a holds db", "1.000000 a released",
                             "1.000000 b holds db from a", "1.000000 b released",
                             "1.000000 a holds db again from b"});
}

TEST_CASE("a waiter handed the slot and cancelled before it resumes passes it to the next") {
  TaskBench bench;
  Limit db("db", 1);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  const TaskContext c = bench.task("c");
  bench.start(a, release_then_cancel(bench, a, db, 1s, {b}));
  bench.start(b, hold_for(bench, b, db, 0s));
  bench.start(c, hold_for(bench, c, db, 0s));
  CHECK(bench.run());
  CHECK(bench.outcome(b) == "cancelled");
  // The slot a gave back reaches c, still as a's release.
  CHECK(bench.notes ==
        Lines{"1.000000 a released", "1.000000 c holds db from a", "1.000000 c released"});
  CHECK(db.holders().empty());
  CHECK(db.size() == 0);
}

TEST_CASE("a waiter cancelled while it waits leaves the line, and the next one gets the slot") {
  TaskBench bench;
  Limit db("db", 1);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  const TaskContext c = bench.task("c");
  const TaskContext timer = bench.task("timer");
  bench.start(a, hold_for(bench, a, db, 1s));
  bench.start(b, hold_for(bench, b, db, 0s));
  bench.start(c, hold_for(bench, c, db, 0s));
  bench.start(timer, cancel_after(bench, timer, 500ms, {b}));
  CHECK(bench.run());
  CHECK(bench.outcome(b) == "cancelled");
  CHECK(bench.notes == Lines{"0.000000 a holds db", "0.500000 timer cancels", "1.000000 a released",
                             "1.000000 c holds db from a", "1.000000 c released"});
}

TEST_CASE("a release when every slot is free changes nothing and says so") {
  TaskBench bench;
  Limit db("db", 2);
  const TaskContext a = bench.task("a");
  CHECK_FALSE(db.release(bench.executor(), a.self()));
  bench.start(a, keep(bench, a, db));
  CHECK(bench.run());
  CHECK(db.holders().size() == 1);
  CHECK(db.release(bench.executor(), a.self()));
  CHECK(db.holders().empty());
  // BoundedSemaphore(2) acquired once cannot be released twice.
  CHECK_FALSE(db.release(bench.executor(), a.self()));
  CHECK(db.capacity() == 2);
}

TEST_CASE("the holders are listed in the order they took a slot, a task once for each slot") {
  TaskBench bench;
  Limit db("db", 3);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  bench.start(a, keep(bench, a, db));
  bench.start(b, keep(bench, b, db));
  CHECK(bench.run());
  CHECK(db.holders().size() == 2);
  CHECK(db.holders()[0] == &a.self());
  CHECK(db.holders()[1] == &b.self());
  CHECK(db.held_by(a.self()) == 1);
  CHECK(db.release(bench.executor(), a.self()));
  CHECK(db.held_by(a.self()) == 0);
  CHECK(db.holders() == std::vector<const TaskState*>{&b.self()});
}

TEST_CASE("a task may hold several slots of one limit, and gives them back one at a time") {
  TaskBench bench;
  Limit db("db", 3);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  bench.start(a, keep_two(bench, a, db));
  bench.start(b, keep(bench, b, db));
  CHECK(bench.run());
  CHECK(db.held_by(a.self()) == 2);
  CHECK(db.held_by(b.self()) == 1);
  CHECK(db.waits_for(a.self()) == "limit db (3 of 3 held, by a, a and b)");
  CHECK(db.release(bench.executor(), a.self()));
  CHECK(db.held_by(a.self()) == 1);
  CHECK(db.waits_for(a.self()) == "limit db (2 of 3 held, by a and b)");
}

TEST_CASE("what a task waits for names the lock and who holds it") {
  TaskBench bench;
  Limit db("db", 1);
  Limit pool("pool", 2);
  const TaskContext a = bench.task("a");
  CHECK(db.waits_for(a.self()) == "lock db");
  CHECK(pool.waits_for(a.self()) == "limit pool (0 of 2 held)");
  bench.start(a, keep(bench, a, db));
  CHECK(bench.run());
  CHECK(db.waits_for(a.self()) == "lock db, held by a");
  const TaskContext b = bench.task("b");
  bench.start(b, keep(bench, b, pool));
  CHECK(bench.run());
  CHECK(pool.waits_for(a.self()) == "limit pool (1 of 2 held, by b)");
}

TEST_CASE("a task that gives back a slot it does not hold frees the earliest holder's slot") {
  // BoundedSemaphore has no owner: another task's release gives a slot back all the same. The
  // holders shown must still add up to the slots taken, and name no task that lost its slot.
  TaskBench bench;
  Limit db("db", 1);
  const TaskContext a = bench.task("a");
  const TaskContext b = bench.task("b");
  bench.start(a, keep(bench, a, db));
  CHECK(bench.run());
  CHECK(db.release(bench.executor(), b.self()));
  CHECK(db.holders().empty());
  CHECK(db.held_by(a.self()) == 0);
  const TaskContext c = bench.task("c");
  bench.start(c, keep(bench, c, db));
  CHECK(bench.run());
  CHECK(db.holders() == std::vector<const TaskState*>{&c.self()});
  CHECK(db.waits_for(c.self()) == "lock db, held by c");
}
