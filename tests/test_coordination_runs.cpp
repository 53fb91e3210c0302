#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/scenario/declarations.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/event_log.hpp"
#include "support/lines.hpp"
#include "support/process.hpp"
#include "support/recording_sink.hpp"
#include "support/runs.hpp"

// Whole runs of the coordination steps on the virtual clock, event by event, in both modes: what
// a task that awaits, spawns, shares a limit, passes items through a queue or waits for an event
// sees, in the order asyncio gives it (tests/parity compares that order with CPython's).

using namespace asyncdemo;
using namespace std::chrono_literals;
using testing::Lines;
using testing::only;

namespace {

struct Declared {
  std::vector<std::string> limits{};
  std::vector<std::string> queues{};
  std::vector<std::string> events{};
};

Scenario scenario(const Declared& declared, std::initializer_list<std::string> specs) {
  Result<Declarations> declarations =
      parse_declarations(declared.limits, declared.queues, declared.events);
  REQUIRE_MESSAGE(declarations.ok(), declarations.error().message());
  std::vector<TaskSpec> tasks;
  for (const std::string& spec : specs) {
    Result<TaskSpec> task = parse_task_spec(spec);
    REQUIRE_MESSAGE(task.ok(), task.error().message());
    tasks.push_back(std::move(task).value());
  }
  Result<Scenario> made = Scenario::from_tasks(std::move(tasks), std::move(declarations).value());
  REQUIRE_MESSAGE(made.ok(), made.error().message());
  return std::move(made).value();
}

struct Options {
  OnError on_error = OnError::cancel;
  std::optional<Duration> timeout;
};

Lines run(const Scenario& scenario, Mode mode, Options options = {},
          std::vector<std::string>* warnings = nullptr) {
  RunSettings settings;
  settings.on_error = options.on_error;
  settings.timeout = options.timeout;
  return testing::run_virtual(scenario, mode, settings, warnings);
}

constexpr Options kContinue{OnError::continue_, std::nullopt};
constexpr Options timeout(Duration after) {
  return Options{OnError::cancel, after};
}

}  // namespace

TEST_CASE("awaiting a task that has ended goes on at once") {
  const Scenario tasks = scenario({}, {"a=sleep:1s", "b=sleep:2s,await:a,print:after"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a sleep 1s",
            "0.000000 async b start",
            "0.000000 async b sleep 2s",
            "1.000000 async a wake late=0s",
            "1.000000 async a end",
            "2.000000 async b wake late=0s",
            "2.000000 async b await target=a",
            "2.000000 async b awaited target=a waited=0s",
            "2.000000 async b print after",
            "2.000000 async b end",
            "2.000000 async run_end elapsed=2.000000 finished=2 cancelled=0",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a end",
            "1.000000 sync b start",
            "1.000000 sync b sleep 2s",
            "3.000000 sync b wake late=0s",
            "3.000000 sync b await target=a",
            "3.000000 sync b awaited target=a waited=0s",
            "3.000000 sync b print after",
            "3.000000 sync b end",
            "3.000000 sync run_end elapsed=3.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("awaiting a task that has not ended waits for its end; sync mode runs it right there") {
  const Scenario tasks = scenario({}, {"b=await:a,print:after", "a=sleep:1s"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async b start",
            "0.000000 async b await target=a",
            "0.000000 async a start",
            "0.000000 async a sleep 1s",
            "1.000000 async a wake late=0s",
            "1.000000 async a end",
            "1.000000 async b awaited target=a waited=1s",
            "1.000000 async b print after",
            "1.000000 async b end",
            "1.000000 async run_end elapsed=1.000000 finished=2 cancelled=0",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync b start",
            "0.000000 sync b await target=a",
            "0.000000 sync a start",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a end",
            "1.000000 sync b awaited target=a waited=1s",
            "1.000000 sync b print after",
            "1.000000 sync b end",
            "1.000000 sync run_end elapsed=1.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("under --on-error continue a task awaiting a failed task fails, naming that task") {
  const Scenario tasks = scenario({}, {"a=await:b,print:never", "b=sleep:10ms,fail:boom"});
  CHECK(run(tasks, Mode::async, kContinue) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a await target=b",
            "0.000000 async b start",
            "0.000000 async b sleep 10ms",
            "0.010000 async b wake late=0s",
            "0.010000 async b fail at=fail:boom message=boom",
            "0.010000 async a fail at=await:b message=b failed: boom",
            "0.010000 async run_end elapsed=0.010000 finished=0 cancelled=0 failed=2",
        });
  CHECK(run(tasks, Mode::sync, kContinue) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a await target=b",
            "0.000000 sync b start",
            "0.000000 sync b sleep 10ms",
            "0.010000 sync b wake late=0s",
            "0.010000 sync b fail at=fail:boom message=boom",
            "0.010000 sync a fail at=await:b message=b failed: boom",
            "0.010000 sync run_end elapsed=0.010000 finished=0 cancelled=0 failed=2",
        });
}

TEST_CASE("under --on-error cancel the group's abort cancels the awaiter of a failed task") {
  // In sync mode the awaited task runs inside the await, a plain call, so its failure reaches
  // the awaiter as an exception from that call.
  const Scenario tasks =
      scenario({}, {"a=await:b,print:never", "b=sleep:10ms,fail:boom", "c=sleep:1s"});
  CHECK(run(tasks, Mode::async) == Lines{
                                       "0.000000 async run_start",
                                       "0.000000 async a start",
                                       "0.000000 async a await target=b",
                                       "0.000000 async b start",
                                       "0.000000 async b sleep 10ms",
                                       "0.000000 async c start",
                                       "0.000000 async c sleep 1s",
                                       "0.010000 async b wake late=0s",
                                       "0.010000 async b fail at=fail:boom message=boom",
                                       "0.010000 async a cancel at=await:b reason=failure",
                                       "0.010000 async c cancel at=sleep:1s reason=failure",
                                       "0.010000 async run_end elapsed=0.010000 finished=0 "
                                       "cancelled=2 failed=1 stopped_by=failure",
                                   });
  CHECK(run(tasks, Mode::sync) == Lines{
                                      "0.000000 sync run_start",
                                      "0.000000 sync a start",
                                      "0.000000 sync a await target=b",
                                      "0.000000 sync b start",
                                      "0.000000 sync b sleep 10ms",
                                      "0.010000 sync b wake late=0s",
                                      "0.010000 sync b fail at=fail:boom message=boom",
                                      "0.010000 sync a fail at=await:b message=b failed: boom",
                                      "0.010000 sync c cancel at= reason=failure",
                                      "0.010000 sync run_end elapsed=0.010000 finished=0 "
                                      "cancelled=1 failed=2 stopped_by=failure",
                                  });
}

TEST_CASE("a task awaiting a task that is cancelled is cancelled too") {
  // asyncio cancels the awaited task rather than the awaiter, which ends when it does.
  const Scenario tasks = scenario({}, {"b=await:a,print:never", "a=1s"});
  CHECK(run(tasks, Mode::async, timeout(500ms)) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async b start",
            "0.000000 async b await target=a",
            "0.000000 async a start",
            "0.000000 async a print a started",
            "0.000000 async a sleep 1s",
            "0.500000 async a cancel at=sleep:1s reason=timeout",
            "0.500000 async b cancel at=await:a reason=timeout",
            "0.500000 async run_end elapsed=0.500000 finished=0 cancelled=2 stopped_by=timeout",
        });
  CHECK(run(tasks, Mode::sync, timeout(500ms)) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync b start",
            "0.000000 sync b await target=a",
            "0.000000 sync a start",
            "0.000000 sync a print a started",
            "0.000000 sync a sleep 1s",
            "0.500000 sync a cancel at=sleep:1s reason=timeout",
            "0.500000 sync b cancel at=await:a reason=timeout",
            "0.500000 sync run_end elapsed=0.500000 finished=0 cancelled=2 stopped_by=timeout",
        });
}

TEST_CASE("spawning the base name of copies spawns every copy, in order") {
  const Scenario tasks = scenario({}, {"p=print:hi,spawn:w,print:bye", "w*3=sleep:1s"});
  // create_task queues each child: they start once the parent yields, here at its end.
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async p start",
            "0.000000 async p print hi",
            "0.000000 async p spawn child=w1",
            "0.000000 async p spawn child=w2",
            "0.000000 async p spawn child=w3",
            "0.000000 async p print bye",
            "0.000000 async p end",
            "0.000000 async w1 start",
            "0.000000 async w1 sleep 1s",
            "0.000000 async w2 start",
            "0.000000 async w2 sleep 1s",
            "0.000000 async w3 start",
            "0.000000 async w3 sleep 1s",
            "1.000000 async w1 wake late=0s",
            "1.000000 async w1 end",
            "1.000000 async w2 wake late=0s",
            "1.000000 async w2 end",
            "1.000000 async w3 wake late=0s",
            "1.000000 async w3 end",
            "1.000000 async run_end elapsed=1.000000 finished=4 cancelled=0",
        });
  // In sync mode a spawn is a plain call: each child runs to its end where it is spawned.
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync p start",
            "0.000000 sync p print hi",
            "0.000000 sync p spawn child=w1",
            "0.000000 sync w1 start",
            "0.000000 sync w1 sleep 1s",
            "1.000000 sync w1 wake late=0s",
            "1.000000 sync w1 end",
            "1.000000 sync p spawn child=w2",
            "1.000000 sync w2 start",
            "1.000000 sync w2 sleep 1s",
            "2.000000 sync w2 wake late=0s",
            "2.000000 sync w2 end",
            "2.000000 sync p spawn child=w3",
            "2.000000 sync w3 start",
            "2.000000 sync w3 sleep 1s",
            "3.000000 sync w3 wake late=0s",
            "3.000000 sync w3 end",
            "3.000000 sync p print bye",
            "3.000000 sync p end",
            "3.000000 sync run_end elapsed=3.000000 finished=4 cancelled=0",
        });
}

TEST_CASE("a parent that spawns copies and awaits their base name waits for every copy") {
  const Scenario tasks = scenario({}, {"parent=spawn:w,await:w,print:all done", "w*2=sleep:100ms"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async parent start",
            "0.000000 async parent spawn child=w1",
            "0.000000 async parent spawn child=w2",
            "0.000000 async parent await target=w",
            "0.000000 async w1 start",
            "0.000000 async w1 sleep 100ms",
            "0.000000 async w2 start",
            "0.000000 async w2 sleep 100ms",
            "0.100000 async w1 wake late=0s",
            "0.100000 async w1 end",
            "0.100000 async w2 wake late=0s",
            "0.100000 async w2 end",
            "0.100000 async parent awaited target=w waited=100ms",
            "0.100000 async parent print all done",
            "0.100000 async parent end",
            "0.100000 async run_end elapsed=0.100000 finished=3 cancelled=0",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync parent start",
            "0.000000 sync parent spawn child=w1",
            "0.000000 sync w1 start",
            "0.000000 sync w1 sleep 100ms",
            "0.100000 sync w1 wake late=0s",
            "0.100000 sync w1 end",
            "0.100000 sync parent spawn child=w2",
            "0.100000 sync w2 start",
            "0.100000 sync w2 sleep 100ms",
            "0.200000 sync w2 wake late=0s",
            "0.200000 sync w2 end",
            "0.200000 sync parent await target=w",
            "0.200000 sync parent awaited target=w waited=0s",
            "0.200000 sync parent print all done",
            "0.200000 sync parent end",
            "0.200000 sync run_end elapsed=0.200000 finished=3 cancelled=0",
        });
}

TEST_CASE("awaiting a task not spawned yet waits for its spawn and then for its end") {
  const Scenario tasks = scenario({}, {"a=await:c,print:got", "p=sleep:1s,spawn:c", "c=sleep:1s"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a await target=c",
            "0.000000 async p start",
            "0.000000 async p sleep 1s",
            "1.000000 async p wake late=0s",
            "1.000000 async p spawn child=c",
            "1.000000 async p end",
            "1.000000 async c start",
            "1.000000 async c sleep 1s",
            "2.000000 async c wake late=0s",
            "2.000000 async c end",
            "2.000000 async a awaited target=c waited=2s",
            "2.000000 async a print got",
            "2.000000 async a end",
            "2.000000 async run_end elapsed=2.000000 finished=3 cancelled=0",
        });
  // In sync mode the await runs c at once; p's spawn later finds it has run.
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a await target=c",
            "0.000000 sync c start",
            "0.000000 sync c sleep 1s",
            "1.000000 sync c wake late=0s",
            "1.000000 sync c end",
            "1.000000 sync a awaited target=c waited=1s",
            "1.000000 sync a print got",
            "1.000000 sync a end",
            "1.000000 sync p start",
            "1.000000 sync p sleep 1s",
            "2.000000 sync p wake late=0s",
            "2.000000 sync p spawn child=c",
            "2.000000 sync p end",
            "2.000000 sync run_end elapsed=2.000000 finished=3 cancelled=0",
        });
}

TEST_CASE("a lock serves its waiters first come, first served, each from the one before") {
  const Scenario tasks =
      scenario({.limits = {"db=1"}},
               {"a=acquire:db,sleep:1s,release:db", "b=acquire:db,sleep:1s,release:db",
                "c=acquire:db,sleep:1s,release:db", "d=acquire:db,sleep:1s,release:db"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire db",
            "0.000000 async a acquired db holders=1 waited=0s",
            "0.000000 async a sleep 1s",
            "0.000000 async b start",
            "0.000000 async b acquire db",
            "0.000000 async c start",
            "0.000000 async c acquire db",
            "0.000000 async d start",
            "0.000000 async d acquire db",
            "1.000000 async a wake late=0s",
            "1.000000 async a release db holders=0",
            "1.000000 async a end",
            "1.000000 async b acquired db holders=1 waited=1s from=a",
            "1.000000 async b sleep 1s",
            "2.000000 async b wake late=0s",
            "2.000000 async b release db holders=0",
            "2.000000 async b end",
            "2.000000 async c acquired db holders=1 waited=2s from=b",
            "2.000000 async c sleep 1s",
            "3.000000 async c wake late=0s",
            "3.000000 async c release db holders=0",
            "3.000000 async c end",
            "3.000000 async d acquired db holders=1 waited=3s from=c",
            "3.000000 async d sleep 1s",
            "4.000000 async d wake late=0s",
            "4.000000 async d release db holders=0",
            "4.000000 async d end",
            "4.000000 async run_end elapsed=4.000000 finished=4 cancelled=0",
        });
  // One task at a time: the lock is always free when a task asks.
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a acquire db",
            "0.000000 sync a acquired db holders=1 waited=0s",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a release db holders=0",
            "1.000000 sync a end",
            "1.000000 sync b start",
            "1.000000 sync b acquire db",
            "1.000000 sync b acquired db holders=1 waited=0s",
            "1.000000 sync b sleep 1s",
            "2.000000 sync b wake late=0s",
            "2.000000 sync b release db holders=0",
            "2.000000 sync b end",
            "2.000000 sync c start",
            "2.000000 sync c acquire db",
            "2.000000 sync c acquired db holders=1 waited=0s",
            "2.000000 sync c sleep 1s",
            "3.000000 sync c wake late=0s",
            "3.000000 sync c release db holders=0",
            "3.000000 sync c end",
            "3.000000 sync d start",
            "3.000000 sync d acquire db",
            "3.000000 sync d acquired db holders=1 waited=0s",
            "3.000000 sync d sleep 1s",
            "4.000000 sync d wake late=0s",
            "4.000000 sync d release db holders=0",
            "4.000000 sync d end",
            "4.000000 sync run_end elapsed=4.000000 finished=4 cancelled=0",
        });
}

TEST_CASE("a release that would raise a limit above N fails the task, as BoundedSemaphore does") {
  const Scenario tasks = scenario({.limits = {"db=1"}}, {"a=acquire:db,release:db,release:db"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire db",
            "0.000000 async a acquired db holders=1 waited=0s",
            "0.000000 async a release db holders=0",
            "0.000000 async a fail at=release:db message=released db more often than it was "
            "acquired: all 1 slots are free (BoundedSemaphore raises ValueError)",
            "0.000000 async run_end elapsed=0.000000 finished=0 cancelled=0 failed=1 "
            "stopped_by=failure",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a acquire db",
            "0.000000 sync a acquired db holders=1 waited=0s",
            "0.000000 sync a release db holders=0",
            "0.000000 sync a fail at=release:db message=released db more often than it was "
            "acquired: all 1 slots are free (BoundedSemaphore raises ValueError)",
            "0.000000 sync run_end elapsed=0.000000 finished=0 cancelled=0 failed=1",
        });
}

TEST_CASE("a task that ends holding a slot releases it as it ends, and says so") {
  const Scenario tasks =
      scenario({.limits = {"db=1"}}, {"a=acquire:db,sleep:1s", "b=acquire:db,print:in"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire db",
            "0.000000 async a acquired db holders=1 waited=0s",
            "0.000000 async a sleep 1s",
            "0.000000 async b start",
            "0.000000 async b acquire db",
            "1.000000 async a wake late=0s",
            "1.000000 async a release db holders=0 at=end",
            "1.000000 async a end",
            "1.000000 async b acquired db holders=1 waited=1s from=a",
            "1.000000 async b print in",
            "1.000000 async b release db holders=0 at=end",
            "1.000000 async b end",
            "1.000000 async run_end elapsed=1.000000 finished=2 cancelled=0",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a acquire db",
            "0.000000 sync a acquired db holders=1 waited=0s",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a release db holders=0 at=end",
            "1.000000 sync a end",
            "1.000000 sync b start",
            "1.000000 sync b acquire db",
            "1.000000 sync b acquired db holders=1 waited=0s",
            "1.000000 sync b print in",
            "1.000000 sync b release db holders=0 at=end",
            "1.000000 sync b end",
            "1.000000 sync run_end elapsed=1.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("a task that fails holding a slot releases it before its failure is recorded") {
  const Scenario tasks =
      scenario({.limits = {"db=1"}}, {"a=acquire:db,sleep:1s,fail:oops", "b=acquire:db,print:in"});
  CHECK(run(tasks, Mode::async, kContinue) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire db",
            "0.000000 async a acquired db holders=1 waited=0s",
            "0.000000 async a sleep 1s",
            "0.000000 async b start",
            "0.000000 async b acquire db",
            "1.000000 async a wake late=0s",
            "1.000000 async a release db holders=0 at=end",
            "1.000000 async a fail at=fail:oops message=oops",
            "1.000000 async b acquired db holders=1 waited=1s from=a",
            "1.000000 async b print in",
            "1.000000 async b release db holders=0 at=end",
            "1.000000 async b end",
            "1.000000 async run_end elapsed=1.000000 finished=1 cancelled=0 failed=1",
        });
  CHECK(run(tasks, Mode::sync, kContinue) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a acquire db",
            "0.000000 sync a acquired db holders=1 waited=0s",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a release db holders=0 at=end",
            "1.000000 sync a fail at=fail:oops message=oops",
            "1.000000 sync b start",
            "1.000000 sync b acquire db",
            "1.000000 sync b acquired db holders=1 waited=0s",
            "1.000000 sync b print in",
            "1.000000 sync b release db holders=0 at=end",
            "1.000000 sync b end",
            "1.000000 sync run_end elapsed=1.000000 finished=1 cancelled=0 failed=1",
        });
}

TEST_CASE("a put waits while the queue is full, and the get shows the item and who put it") {
  const Scenario tasks = scenario({.queues = {"jobs=1"}}, {"p=put:jobs=a,put:jobs=b,print:done",
                                                           "c=sleep:1s,get:jobs,get:jobs"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async p start",
            "0.000000 async p put jobs item=a",
            "0.000000 async p queued jobs item=a size=1 waited=0s",
            "0.000000 async p put jobs item=b",
            "0.000000 async c start",
            "0.000000 async c sleep 1s",
            "1.000000 async c wake late=0s",
            "1.000000 async c get jobs",
            "1.000000 async c got jobs item=a from=p size=0 waited=0s",
            "1.000000 async c get jobs",
            "1.000000 async p queued jobs item=b size=1 waited=1s",
            "1.000000 async p print done",
            "1.000000 async p end",
            "1.000000 async c got jobs item=b from=p size=0 waited=0s",
            "1.000000 async c end",
            "1.000000 async run_end elapsed=1.000000 finished=2 cancelled=0",
        });
  // One task at a time: the producer waits for room that only the consumer, after it, makes.
  std::vector<std::string> warnings;
  CHECK(run(tasks, Mode::sync, {}, &warnings) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync p start",
            "0.000000 sync p put jobs item=a",
            "0.000000 sync p queued jobs item=a size=1 waited=0s",
            "0.000000 sync p put jobs item=b",
            "0.000000 sync p cancel at=put:jobs=b reason=deadlock waiting_for=room in queue jobs "
            "(full: 1 of 1)",
            "0.000000 sync c cancel at= reason=deadlock",
            "0.000000 sync run_end elapsed=0.000000 finished=0 cancelled=2 stopped_by=deadlock",
        });
  CHECK(warnings ==
        Lines{"deadlock: a task waits for room in queue jobs (full: 1 of 1), but in sync mode one "
              "task runs at a time: a producer that waits for room in a full queue waits for a "
              "consumer that can only run after it; a producer and a consumer need concurrency "
              "(try --async)"});
}

TEST_CASE("a get on an empty queue waits for the next put") {
  const Scenario tasks =
      scenario({.queues = {"jobs=0"}}, {"c=get:jobs,print:got", "p=sleep:1s,put:jobs=x"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async c start",
            "0.000000 async c get jobs",
            "0.000000 async p start",
            "0.000000 async p sleep 1s",
            "1.000000 async p wake late=0s",
            "1.000000 async p put jobs item=x",
            "1.000000 async p queued jobs item=x size=1 waited=0s",
            "1.000000 async p end",
            "1.000000 async c got jobs item=x from=p size=0 waited=1s",
            "1.000000 async c print got",
            "1.000000 async c end",
            "1.000000 async run_end elapsed=1.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("in sync mode a get whose producer has not run yet is a deadlock, and says why") {
  const Scenario tasks =
      scenario({.queues = {"jobs=0"}}, {"c=get:jobs,print:got", "p=sleep:1s,put:jobs=x"});
  std::vector<std::string> warnings;
  CHECK(run(tasks, Mode::sync, {}, &warnings) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync c start",
            "0.000000 sync c get jobs",
            "0.000000 sync c cancel at=get:jobs reason=deadlock waiting_for=an item in queue jobs "
            "(empty)",
            "0.000000 sync p cancel at= reason=deadlock",
            "0.000000 sync run_end elapsed=0.000000 finished=0 cancelled=2 stopped_by=deadlock",
        });
  CHECK(
      warnings ==
      Lines{"deadlock: a task waits for an item in queue jobs (empty), but in sync mode one task "
            "runs at a time: a consumer that waits for an item waits for a producer that can only "
            "run after it; a producer and a consumer need concurrency (try --async)"});
}

TEST_CASE("in sync mode a consumer after its producer finds the items waiting") {
  const Scenario tasks =
      scenario({.queues = {"jobs=0"}}, {"p=put:jobs=x,put:jobs=y", "c=get:jobs,get:jobs"});
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync p start",
            "0.000000 sync p put jobs item=x",
            "0.000000 sync p queued jobs item=x size=1 waited=0s",
            "0.000000 sync p put jobs item=y",
            "0.000000 sync p queued jobs item=y size=2 waited=0s",
            "0.000000 sync p end",
            "0.000000 sync c start",
            "0.000000 sync c get jobs",
            "0.000000 sync c got jobs item=x from=p size=1 waited=0s",
            "0.000000 sync c get jobs",
            "0.000000 sync c got jobs item=y from=p size=0 waited=0s",
            "0.000000 sync c end",
            "0.000000 sync run_end elapsed=0.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("setting an event wakes every waiter in the order they came, each naming the setter") {
  const Scenario tasks =
      scenario({.events = {"go"}}, {"w1=wait:go,print:one", "w2=wait:go,print:two",
                                    "s=sleep:10ms,set:go", "w3=sleep:20ms,wait:go,print:three"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async w1 start",
            "0.000000 async w1 wait go",
            "0.000000 async w2 start",
            "0.000000 async w2 wait go",
            "0.000000 async s start",
            "0.000000 async s sleep 10ms",
            "0.000000 async w3 start",
            "0.000000 async w3 sleep 20ms",
            "0.010000 async s wake late=0s",
            "0.010000 async s set go woken=2",
            "0.010000 async s end",
            "0.010000 async w1 woken go waited=10ms from=s",
            "0.010000 async w1 print one",
            "0.010000 async w1 end",
            "0.010000 async w2 woken go waited=10ms from=s",
            "0.010000 async w2 print two",
            "0.010000 async w2 end",
            "0.020000 async w3 wake late=0s",
            "0.020000 async w3 wait go",
            "0.020000 async w3 woken go waited=0s",
            "0.020000 async w3 print three",
            "0.020000 async w3 end",
            "0.020000 async run_end elapsed=0.020000 finished=4 cancelled=0",
        });
}

TEST_CASE("in sync mode a wait goes on when the event was set before, and is a deadlock if not") {
  const Scenario set_first = scenario(
      {.events = {"go"}}, {"s=sleep:10ms,set:go", "w1=wait:go,print:one", "w2=wait:go,print:two"});
  CHECK(run(set_first, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync s start",
            "0.000000 sync s sleep 10ms",
            "0.010000 sync s wake late=0s",
            "0.010000 sync s set go woken=0",
            "0.010000 sync s end",
            "0.010000 sync w1 start",
            "0.010000 sync w1 wait go",
            "0.010000 sync w1 woken go waited=0s",
            "0.010000 sync w1 print one",
            "0.010000 sync w1 end",
            "0.010000 sync w2 start",
            "0.010000 sync w2 wait go",
            "0.010000 sync w2 woken go waited=0s",
            "0.010000 sync w2 print two",
            "0.010000 sync w2 end",
            "0.010000 sync run_end elapsed=0.010000 finished=3 cancelled=0",
        });
  const Scenario wait_first =
      scenario({.events = {"go"}}, {"w1=wait:go,print:one", "s=sleep:10ms,set:go"});
  std::vector<std::string> warnings;
  CHECK(run(wait_first, Mode::sync, {}, &warnings) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync w1 start",
            "0.000000 sync w1 wait go",
            "0.000000 sync w1 cancel at=wait:go reason=deadlock waiting_for=event go to be set",
            "0.000000 sync s cancel at= reason=deadlock",
            "0.000000 sync run_end elapsed=0.000000 finished=0 cancelled=2 stopped_by=deadlock",
        });
  CHECK(warnings == Lines{"deadlock: a task waits for event go to be set, but in sync mode one "
                          "task runs at a time, so the task that would set it cannot run while "
                          "this one waits"});
}

TEST_CASE("the lock-ordering deadlock names what each task waits for and who holds it") {
  const Scenario tasks =
      scenario({.limits = {"db=1", "cache=1"}},
               {"a=acquire:db,sleep:10ms,acquire:cache", "b=acquire:cache,sleep:10ms,acquire:db"});
  std::vector<std::string> warnings;
  CHECK(run(tasks, Mode::async, {}, &warnings) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire db",
            "0.000000 async a acquired db holders=1 waited=0s",
            "0.000000 async a sleep 10ms",
            "0.000000 async b start",
            "0.000000 async b acquire cache",
            "0.000000 async b acquired cache holders=1 waited=0s",
            "0.000000 async b sleep 10ms",
            "0.010000 async a wake late=0s",
            "0.010000 async a acquire cache",
            "0.010000 async b wake late=0s",
            "0.010000 async b acquire db",
            "0.010000 async a release db holders=0 at=end",
            "0.010000 async a cancel at=acquire:cache reason=deadlock waiting_for=lock cache, held "
            "by b",
            "0.010000 async b release cache holders=0 at=end",
            "0.010000 async b cancel at=acquire:db reason=deadlock waiting_for=lock db, held by a",
            "0.010000 async run_end elapsed=0.010000 finished=0 cancelled=2 stopped_by=deadlock",
        });
  CHECK(warnings == Lines{"deadlock: no task can go on, and nothing else can wake them; a waits "
                          "for lock cache, held by b; b waits for lock db, held by a"});
  // One task after another, each takes both locks in turn: no deadlock.
  warnings.clear();
  CHECK(run(tasks, Mode::sync, {}, &warnings) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a acquire db",
            "0.000000 sync a acquired db holders=1 waited=0s",
            "0.000000 sync a sleep 10ms",
            "0.010000 sync a wake late=0s",
            "0.010000 sync a acquire cache",
            "0.010000 sync a acquired cache holders=1 waited=0s",
            "0.010000 sync a release cache holders=0 at=end",
            "0.010000 sync a release db holders=0 at=end",
            "0.010000 sync a end",
            "0.010000 sync b start",
            "0.010000 sync b acquire cache",
            "0.010000 sync b acquired cache holders=1 waited=0s",
            "0.010000 sync b sleep 10ms",
            "0.020000 sync b wake late=0s",
            "0.020000 sync b acquire db",
            "0.020000 sync b acquired db holders=1 waited=0s",
            "0.020000 sync b release db holders=0 at=end",
            "0.020000 sync b release cache holders=0 at=end",
            "0.020000 sync b end",
            "0.020000 sync run_end elapsed=0.020000 finished=2 cancelled=0",
        });
  CHECK(warnings.empty());
}

TEST_CASE("--limit N lets at most N tasks run their bodies at a time, the next as one ends") {
  const Scenario tasks = scenario({.limits = {"2"}}, {"a=1s", "b=1s", "c=1s", "d=500ms"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire limit",
            "0.000000 async a acquired limit holders=1 waited=0s",
            "0.000000 async a print a started",
            "0.000000 async a sleep 1s",
            "0.000000 async b start",
            "0.000000 async b acquire limit",
            "0.000000 async b acquired limit holders=2 waited=0s",
            "0.000000 async b print b started",
            "0.000000 async b sleep 1s",
            "0.000000 async c start",
            "0.000000 async c acquire limit",
            "0.000000 async d start",
            "0.000000 async d acquire limit",
            "1.000000 async a wake late=0s",
            "1.000000 async a print a resumed",
            "1.000000 async a release limit holders=1 at=end",
            "1.000000 async a end",
            "1.000000 async b wake late=0s",
            "1.000000 async b print b resumed",
            "1.000000 async b release limit holders=0 at=end",
            "1.000000 async b end",
            "1.000000 async c acquired limit holders=1 waited=1s from=a",
            "1.000000 async c print c started",
            "1.000000 async c sleep 1s",
            "1.000000 async d acquired limit holders=2 waited=1s from=b",
            "1.000000 async d print d started",
            "1.000000 async d sleep 500ms",
            "1.500000 async d wake late=0s",
            "1.500000 async d print d resumed",
            "1.500000 async d release limit holders=1 at=end",
            "1.500000 async d end",
            "2.000000 async c wake late=0s",
            "2.000000 async c print c resumed",
            "2.000000 async c release limit holders=0 at=end",
            "2.000000 async c end",
            "2.000000 async run_end elapsed=2.000000 finished=4 cancelled=0",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a acquire limit",
            "0.000000 sync a acquired limit holders=1 waited=0s",
            "0.000000 sync a print a started",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a print a resumed",
            "1.000000 sync a release limit holders=0 at=end",
            "1.000000 sync a end",
            "1.000000 sync b start",
            "1.000000 sync b acquire limit",
            "1.000000 sync b acquired limit holders=1 waited=0s",
            "1.000000 sync b print b started",
            "1.000000 sync b sleep 1s",
            "2.000000 sync b wake late=0s",
            "2.000000 sync b print b resumed",
            "2.000000 sync b release limit holders=0 at=end",
            "2.000000 sync b end",
            "2.000000 sync c start",
            "2.000000 sync c acquire limit",
            "2.000000 sync c acquired limit holders=1 waited=0s",
            "2.000000 sync c print c started",
            "2.000000 sync c sleep 1s",
            "3.000000 sync c wake late=0s",
            "3.000000 sync c print c resumed",
            "3.000000 sync c release limit holders=0 at=end",
            "3.000000 sync c end",
            "3.000000 sync d start",
            "3.000000 sync d acquire limit",
            "3.000000 sync d acquired limit holders=1 waited=0s",
            "3.000000 sync d print d started",
            "3.000000 sync d sleep 500ms",
            "3.500000 sync d wake late=0s",
            "3.500000 sync d print d resumed",
            "3.500000 sync d release limit holders=0 at=end",
            "3.500000 sync d end",
            "3.500000 sync run_end elapsed=3.500000 finished=4 cancelled=0",
        });
}

TEST_CASE("--limit 3 over ten tasks runs them in waves of three") {
  const Scenario tasks = scenario({.limits = {"3"}}, {"w*10=100ms"});
  const Lines lines = run(tasks, Mode::async);
  std::size_t most = 0;
  std::size_t running = 0;
  for (const std::string& line : lines) {
    if (line.find(" acquired limit ") != std::string::npos) most = std::max(most, ++running);
    if (line.find(" release limit ") != std::string::npos) --running;
  }
  CHECK(most == 3);
  CHECK(lines.back() == "0.400000 async run_end elapsed=0.400000 finished=10 cancelled=0");
  CHECK(only(lines, "w10 acquired") ==
        Lines{"0.300000 async w10 acquired limit holders=1 waited=300ms from=w7"});
}

TEST_CASE("a timeout cancels a task in every kind of wait, and a holder gives its slot back") {
  // Waiting for a lock, a queue item, room in a queue, an event, a task's end, and a task's
  // spawn; kid, never spawned, is cancelled too. The sanitizer build checks that none of the
  // waits leaks or touches freed memory. asyncio cancels a TaskGroup's tasks from a set, so
  // parity compares these cancellations in any order; this is the order asyncdemo keeps.
  const Scenario tasks =
      scenario({.limits = {"db=1"}, .queues = {"q=0", "f=1"}, .events = {"go"}},
               {"h=acquire:db,sleep:1s", "l=acquire:db", "g=get:q", "p=put:f=1,put:f=2",
                "e=wait:go", "aw=await:h", "sw=await:kid", "sp=sleep:1s,spawn:kid", "kid=print:k"});
  CHECK(run(tasks, Mode::async, timeout(100ms)) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async h start",
            "0.000000 async h acquire db",
            "0.000000 async h acquired db holders=1 waited=0s",
            "0.000000 async h sleep 1s",
            "0.000000 async l start",
            "0.000000 async l acquire db",
            "0.000000 async g start",
            "0.000000 async g get q",
            "0.000000 async p start",
            "0.000000 async p put f item=1",
            "0.000000 async p queued f item=1 size=1 waited=0s",
            "0.000000 async p put f item=2",
            "0.000000 async e start",
            "0.000000 async e wait go",
            "0.000000 async aw start",
            "0.000000 async aw await target=h",
            "0.000000 async sw start",
            "0.000000 async sw await target=kid",
            "0.000000 async sp start",
            "0.000000 async sp sleep 1s",
            "0.100000 async h release db holders=0 at=end",
            "0.100000 async h cancel at=sleep:1s reason=timeout",
            "0.100000 async l cancel at=acquire:db reason=timeout",
            "0.100000 async g cancel at=get:q reason=timeout",
            "0.100000 async p cancel at=put:f=2 reason=timeout",
            "0.100000 async e cancel at=wait:go reason=timeout",
            "0.100000 async sw cancel at=await:kid reason=timeout",
            "0.100000 async sp cancel at=sleep:1s reason=timeout",
            "0.100000 async aw cancel at=await:h reason=timeout",
            "0.100000 async kid cancel at= reason=timeout",
            "0.100000 async run_end elapsed=0.100000 finished=0 cancelled=9 stopped_by=timeout",
        });
  // In sync mode only h has begun: the timeout cuts its sleep short, it gives the lock back,
  // and every other task is cancelled before it starts.
  CHECK(run(tasks, Mode::sync, timeout(100ms)) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync h start",
            "0.000000 sync h acquire db",
            "0.000000 sync h acquired db holders=1 waited=0s",
            "0.000000 sync h sleep 1s",
            "0.100000 sync h release db holders=0 at=end",
            "0.100000 sync h cancel at=sleep:1s reason=timeout",
            "0.100000 sync l cancel at= reason=timeout",
            "0.100000 sync g cancel at= reason=timeout",
            "0.100000 sync p cancel at= reason=timeout",
            "0.100000 sync e cancel at= reason=timeout",
            "0.100000 sync aw cancel at= reason=timeout",
            "0.100000 sync sw cancel at= reason=timeout",
            "0.100000 sync sp cancel at= reason=timeout",
            "0.100000 sync kid cancel at= reason=timeout",
            "0.100000 sync run_end elapsed=0.100000 finished=0 cancelled=9 stopped_by=timeout",
        });
}

TEST_CASE("a task that releases a slot it did not take leaves the holders adding up") {
  // b gives back a's slot; c then takes the free slot; a's end gives one back again, as
  // `async with` would, and d gets it. No line ever counts more holders than the lock has.
  const Scenario tasks =
      scenario({.limits = {"db=1"}}, {"a=acquire:db,sleep:2s", "b=release:db",
                                      "c=sleep:1s,acquire:db,sleep:2s,print:c-done",
                                      "d=sleep:1500ms,acquire:db,print:d-in"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a acquire db",
            "0.000000 async a acquired db holders=1 waited=0s",
            "0.000000 async a sleep 2s",
            "0.000000 async b start",
            "0.000000 async b release db holders=0",
            "0.000000 async b end",
            "0.000000 async c start",
            "0.000000 async c sleep 1s",
            "0.000000 async d start",
            "0.000000 async d sleep 1.5s",
            "1.000000 async c wake late=0s",
            "1.000000 async c acquire db",
            "1.000000 async c acquired db holders=1 waited=0s",
            "1.000000 async c sleep 2s",
            "1.500000 async d wake late=0s",
            "1.500000 async d acquire db",
            "2.000000 async a wake late=0s",
            "2.000000 async a release db holders=0 at=end",
            "2.000000 async a end",
            "2.000000 async d acquired db holders=1 waited=500ms from=a",
            "2.000000 async d print d-in",
            "2.000000 async d release db holders=0 at=end",
            "2.000000 async d end",
            "3.000000 async c wake late=0s",
            "3.000000 async c print c-done",
            "3.000000 async c end",
            "3.000000 async run_end elapsed=3.000000 finished=4 cancelled=0",
        });
  // In sync mode a has ended, giving its slot back, before b runs: b's release finds every slot
  // free and fails, as BoundedSemaphore's would.
  CHECK(only(run(tasks, Mode::sync, kContinue), " b ") ==
        Lines{
            "2.000000 sync b start",
            "2.000000 sync b fail at=release:db message=released db more often than it was "
            "acquired: all 1 slots are free (BoundedSemaphore raises ValueError)",
        });
}

TEST_CASE("a group of steps repeats any step kind: a producer and two consumer loops") {
  const Scenario tasks =
      scenario({.queues = {"jobs=0"}}, {"p=(put:jobs=job,sleep:10ms)*4,print:done",
                                        "c1=(get:jobs,work:30ms)*2", "c2=(get:jobs,work:30ms)*2"});
  CHECK(run(tasks, Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async p start",
            "0.000000 async p put jobs item=job",
            "0.000000 async p queued jobs item=job size=1 waited=0s",
            "0.000000 async p sleep 10ms",
            "0.000000 async c1 start",
            "0.000000 async c1 get jobs",
            "0.000000 async c1 got jobs item=job from=p size=0 waited=0s",
            "0.000000 async c1 work_queue 30ms",
            "0.000000 async c2 start",
            "0.000000 async c2 get jobs",
            "0.000000 async c1 work_start waited=0s worker=1",
            "0.010000 async p wake late=0s",
            "0.010000 async p put jobs item=job",
            "0.010000 async p queued jobs item=job size=1 waited=0s",
            "0.010000 async p sleep 10ms",
            "0.010000 async c2 got jobs item=job from=p size=0 waited=10ms",
            "0.010000 async c2 work_queue 30ms",
            "0.010000 async c2 work_start waited=0s worker=2",
            "0.020000 async p wake late=0s",
            "0.020000 async p put jobs item=job",
            "0.020000 async p queued jobs item=job size=1 waited=0s",
            "0.020000 async p sleep 10ms",
            "0.030000 async c1 work_end late=0s worker=1",
            "0.030000 async c1 get jobs",
            "0.030000 async c1 got jobs item=job from=p size=0 waited=0s",
            "0.030000 async c1 work_queue 30ms",
            "0.030000 async p wake late=0s",
            "0.030000 async p put jobs item=job",
            "0.030000 async p queued jobs item=job size=1 waited=0s",
            "0.030000 async p sleep 10ms",
            "0.030000 async c1 work_start waited=0s worker=1",
            "0.040000 async c2 work_end late=0s worker=2",
            "0.040000 async c2 get jobs",
            "0.040000 async c2 got jobs item=job from=p size=0 waited=0s",
            "0.040000 async c2 work_queue 30ms",
            "0.040000 async p wake late=0s",
            "0.040000 async p print done",
            "0.040000 async p end",
            "0.040000 async c2 work_start waited=0s worker=2",
            "0.060000 async c1 work_end late=0s worker=1",
            "0.060000 async c1 end",
            "0.070000 async c2 work_end late=0s worker=2",
            "0.070000 async c2 end",
            "0.070000 async run_end elapsed=0.070000 finished=3 cancelled=0",
        });
  CHECK(run(tasks, Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync p start",
            "0.000000 sync p put jobs item=job",
            "0.000000 sync p queued jobs item=job size=1 waited=0s",
            "0.000000 sync p sleep 10ms",
            "0.010000 sync p wake late=0s",
            "0.010000 sync p put jobs item=job",
            "0.010000 sync p queued jobs item=job size=2 waited=0s",
            "0.010000 sync p sleep 10ms",
            "0.020000 sync p wake late=0s",
            "0.020000 sync p put jobs item=job",
            "0.020000 sync p queued jobs item=job size=3 waited=0s",
            "0.020000 sync p sleep 10ms",
            "0.030000 sync p wake late=0s",
            "0.030000 sync p put jobs item=job",
            "0.030000 sync p queued jobs item=job size=4 waited=0s",
            "0.030000 sync p sleep 10ms",
            "0.040000 sync p wake late=0s",
            "0.040000 sync p print done",
            "0.040000 sync p end",
            "0.040000 sync c1 start",
            "0.040000 sync c1 get jobs",
            "0.040000 sync c1 got jobs item=job from=p size=3 waited=0s",
            "0.040000 sync c1 work_queue 30ms",
            "0.040000 sync c1 work_start waited=0s worker=0",
            "0.070000 sync c1 work_end late=0s worker=0",
            "0.070000 sync c1 get jobs",
            "0.070000 sync c1 got jobs item=job from=p size=2 waited=0s",
            "0.070000 sync c1 work_queue 30ms",
            "0.070000 sync c1 work_start waited=0s worker=0",
            "0.100000 sync c1 work_end late=0s worker=0",
            "0.100000 sync c1 end",
            "0.100000 sync c2 start",
            "0.100000 sync c2 get jobs",
            "0.100000 sync c2 got jobs item=job from=p size=1 waited=0s",
            "0.100000 sync c2 work_queue 30ms",
            "0.100000 sync c2 work_start waited=0s worker=0",
            "0.130000 sync c2 work_end late=0s worker=0",
            "0.130000 sync c2 get jobs",
            "0.130000 sync c2 got jobs item=job from=p size=0 waited=0s",
            "0.130000 sync c2 work_queue 30ms",
            "0.130000 sync c2 work_start waited=0s worker=0",
            "0.160000 sync c2 work_end late=0s worker=0",
            "0.160000 sync c2 end",
            "0.160000 sync run_end elapsed=0.160000 finished=3 cancelled=0",
        });
}

TEST_CASE("a failure inside a group names the step it came from, and the group stops there") {
  const Scenario tasks = scenario({}, {"a=(sleep:1s,print:x,fail:boom)*2"});
  CHECK(run(tasks, Mode::async, kContinue) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async a start",
            "0.000000 async a sleep 1s",
            "1.000000 async a wake late=0s",
            "1.000000 async a print x",
            "1.000000 async a fail at=fail:boom message=boom",
            "1.000000 async run_end elapsed=1.000000 finished=0 cancelled=0 failed=1",
        });
  CHECK(run(tasks, Mode::sync, kContinue) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync a start",
            "0.000000 sync a sleep 1s",
            "1.000000 sync a wake late=0s",
            "1.000000 sync a print x",
            "1.000000 sync a fail at=fail:boom message=boom",
            "1.000000 sync run_end elapsed=1.000000 finished=0 cancelled=0 failed=1",
        });
}

// The command line: what the process says and how it exits.

TEST_CASE("the lock-ordering deadlock exits 1, with one warning naming every wait") {
  const std::vector<std::string> args{"--clock",
                                      "virtual",
                                      "--limit",
                                      "db=1",
                                      "--limit",
                                      "cache=1",
                                      "a=acquire:db,sleep:10ms,acquire:cache",
                                      "b=acquire:cache,sleep:10ms,acquire:db"};
  std::vector<std::string> async_args{"--async"};
  async_args.insert(async_args.end(), args.begin(), args.end());
  const e2e::ProcessResult result = e2e::run_asyncdemo(async_args);
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(result.err ==
        "asyncdemo: warning: deadlock: no task can go on, and nothing else can wake them; a waits "
        "for lock cache, held by b; b waits for lock db, held by a\n");
  CHECK(result.out.find("a  cancelled in acquire:cache (deadlock: it waits for lock cache, held "
                        "by b)") != std::string::npos);
  CHECK(result.out.find("b  cancelled in acquire:db (deadlock: it waits for lock db, held by a)") !=
        std::string::npos);
  // Compared with sync, which does not deadlock, the run still fails.
  const e2e::ProcessResult compared = e2e::run_asyncdemo(args);
  INFO(compared.describe());
  CHECK(compared.exit_code == 1);
}

TEST_CASE("a sync-mode queue deadlock exits 1 and tells why producer and consumer need async") {
  const e2e::ProcessResult result = e2e::run_asyncdemo(
      {"--sync", "--clock", "virtual", "--queue", "jobs=0", "c=get:jobs", "p=put:jobs=x"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("a producer and a consumer need concurrency (try --async)") !=
        std::string::npos);
  const e2e::ProcessResult async = e2e::run_asyncdemo(
      {"--async", "--clock", "virtual", "--queue", "jobs=0", "c=get:jobs", "p=put:jobs=x"});
  INFO(async.describe());
  CHECK(async.exit_code == 0);
  CHECK(async.out.find("c  got \"x\" from jobs, put by p") != std::string::npos);
}

TEST_CASE("a cycle of awaits is refused before anything runs: exit 2 and one line naming it") {
  const e2e::ProcessResult result =
      e2e::run_asyncdemo({"--clock", "virtual", "a=await:b", "b=sleep:1s,await:a"});
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "asyncdemo: error: tasks await each other in a cycle: a -> b -> a (each waits forever); "
        "expected awaits that end: no task awaits one that awaits it, directly or not\n");
}

TEST_CASE("a group without its *N is refused with exit 2, not a crash") {
  const e2e::ProcessResult result = e2e::run_asyncdemo({"--clock", "virtual", "a=(sleep:1s)"});
  INFO(result.describe());
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(result.err ==
        "asyncdemo: error: task 'a=(sleep:1s)': group '(sleep:1s)' does not end in ')*N'; "
        "expected (STEP,STEP,...)*N, a group of steps repeated N times (1 to 10000000), like "
        "(get:jobs,work:100ms)*5\n");
}

// The real clock: the same order as the virtual one, each wait at least as long as it asks.

namespace {

// The lines without what real time changes: the times, and how late or long a task waited.
Lines without_times(const Lines& lines) {
  Lines kept;
  for (const std::string& line : lines) {
    std::string out;
    std::size_t at = line.find(' ') + 1;  // after the time
    while (at <= line.size()) {
      std::size_t end = line.find(' ', at);
      if (end == std::string::npos) end = line.size();
      const std::string_view word(line.data() + at, end - at);
      if (!word.starts_with("late=") && !word.starts_with("waited=") &&
          !word.starts_with("elapsed=")) {
        out += (out.empty() ? "" : " ") + std::string(word);
      }
      at = end + 1;
    }
    kept.push_back(out);
  }
  return kept;
}

struct RealRun {
  Lines lines;
  testing::EventLog log;
};

RealRun run_real(const Scenario& scenario, Mode mode) {
  RealRun run;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  trace.add_sink(run.log);
  StopSignal stop;
  RunSettings settings;
  settings.warn = [](std::string_view) {};  // a loaded machine may be slow to wake: not a fault
  run_scenario(scenario, mode, ClockKind::real, trace, stop, settings);
  run.lines = sink.lines;
  return run;
}

}  // namespace

TEST_CASE("on the real clock a producer and a consumer go in the order the virtual clock shows") {
  const Scenario tasks = scenario({.queues = {"jobs=0"}},
                                  {"c=(get:jobs,print:got)*3", "p=(put:jobs=job,sleep:30ms)*3"});
  const RealRun real = run_real(tasks, Mode::async);
  CHECK(without_times(real.lines) == without_times(run(tasks, Mode::async)));
  const auto got = real.log.of(EventKind::got, "c");
  REQUIRE(got.size() == 3);
  CHECK(got[1].t >= 30ms);
  CHECK(got[2].t >= 60ms);
  CHECK(got[2].t < 60ms + 5s);
  CHECK(got[2].waited >= 30ms);
}

TEST_CASE("on the real clock a lock hands itself on in the order the virtual clock shows") {
  const Scenario tasks = scenario(
      {.limits = {"db=1"}},
      {"a=acquire:db,sleep:20ms,release:db", "b=acquire:db,sleep:20ms", "c=acquire:db,sleep:20ms"});
  for (Mode mode : {Mode::async, Mode::sync}) {
    CAPTURE(mode);
    const RealRun real = run_real(tasks, mode);
    CHECK(without_times(real.lines) == without_times(run(tasks, mode)));
    const auto acquired = real.log.of(EventKind::acquired);
    REQUIRE(acquired.size() == 3);
    CHECK(acquired[0].task == "a");
    CHECK(acquired[1].task == "b");
    CHECK(acquired[1].t >= 20ms);
    CHECK(acquired[2].task == "c");
    CHECK(acquired[2].t >= 40ms);
    CHECK(acquired[2].t < 40ms + 5s);
  }
}
