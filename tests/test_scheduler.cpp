#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "asyncdemo/runtime/parking_lot.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "asyncdemo/steps/sleep_step.hpp"
#include "support/event_log.hpp"
#include "support/lines.hpp"
#include "support/recording_sink.hpp"
#include "support/runs.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;
using testing::only;

namespace {

Scenario scenario_of(std::initializer_list<std::string> specs) {
  std::vector<TaskSpec> tasks;
  for (const std::string& spec : specs) tasks.push_back(parse_task_spec(spec).value());
  return Scenario::from_tasks(std::move(tasks)).value();
}

Lines run_virtual(const Scenario& scenario, Mode mode, StopSignal& stop) {
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  run_scenario(scenario, mode, ClockKind::virtual_, trace, stop);
  return sink.lines;
}

Lines run_virtual(const Scenario& scenario, Mode mode) {
  StopSignal stop;
  return run_virtual(scenario, mode, stop);
}

// A step that asks the run to stop, as Ctrl-C would, at a precise point of a virtual run.
class RequestStop final : public Step {
 public:
  explicit RequestStop(StopSignal& stop) : stop_(stop) {}
  Task run(TaskContext&) const override {
    stop_.request(StopReason::interrupt);
    co_return;
  }
  std::string spec() const override { return "stop"; }

 private:
  StopSignal& stop_;
};

// A step with a bug: it throws something that is neither Cancelled nor TaskFailed.
class Throws final : public Step {
 public:
  Task run(TaskContext& ctx) const override {
    co_await ctx.sleep_for(std::chrono::milliseconds(500));
    throw std::runtime_error("out of cheese");
  }
  std::string spec() const override { return "throws"; }
};

TaskSpec stopping_task(std::string name, StopSignal& stop) {
  StepList steps;
  steps.push_back(std::make_unique<RequestStop>(stop));
  return TaskSpec{std::move(name), std::make_shared<const StepList>(std::move(steps))};
}

}  // namespace

TEST_CASE("sync runs the classic example one task after another in 3 virtual seconds") {
  CHECK(run_virtual(Scenario::classic(), Mode::sync) ==
        Lines{
            "0.000000 sync run_start",
            "0.000000 sync coroutine_one start",
            "0.000000 sync coroutine_one print Coroutine started",
            "0.000000 sync coroutine_one sleep 1s",
            "1.000000 sync coroutine_one wake late=0s",
            "1.000000 sync coroutine_one print Coroutine resumed",
            "1.000000 sync coroutine_one end",
            "1.000000 sync coroutine_two start",
            "1.000000 sync coroutine_two print Coroutine two started",
            "1.000000 sync coroutine_two sleep 2s",
            "3.000000 sync coroutine_two wake late=0s",
            "3.000000 sync coroutine_two print Coroutine two resumed",
            "3.000000 sync coroutine_two end",
            "3.000000 sync run_end elapsed=3.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("async starts both tasks before either resumes and ends after 2 virtual seconds") {
  CHECK(run_virtual(Scenario::classic(), Mode::async) ==
        Lines{
            "0.000000 async run_start",
            "0.000000 async coroutine_one start",
            "0.000000 async coroutine_one print Coroutine started",
            "0.000000 async coroutine_one sleep 1s",
            "0.000000 async coroutine_two start",
            "0.000000 async coroutine_two print Coroutine two started",
            "0.000000 async coroutine_two sleep 2s",
            "1.000000 async coroutine_one wake late=0s",
            "1.000000 async coroutine_one print Coroutine resumed",
            "1.000000 async coroutine_one end",
            "2.000000 async coroutine_two wake late=0s",
            "2.000000 async coroutine_two print Coroutine two resumed",
            "2.000000 async coroutine_two end",
            "2.000000 async run_end elapsed=2.000000 finished=2 cancelled=0",
        });
}

TEST_CASE("sleep 0 lets the other ready tasks run first in async, and nothing in sync") {
  const Scenario scenario =
      scenario_of({"a=print:a1,sleep:0,print:a2", "b=print:b1,sleep:0,print:b2"});
  CHECK(only(run_virtual(scenario, Mode::async), "print") ==
        Lines{"0.000000 async a print a1", "0.000000 async b print b1", "0.000000 async a print a2",
              "0.000000 async b print b2"});
  CHECK(only(run_virtual(scenario, Mode::sync), "print") ==
        Lines{"0.000000 sync a print a1", "0.000000 sync a print a2", "0.000000 sync b print b1",
              "0.000000 sync b print b2"});
}

TEST_CASE("equal deadlines wake in the order the sleeps began") {
  // b's 1 s sleep began at 0; a's second half began at 0.5 s; both end at 1 s, b first.
  const Scenario scenario = scenario_of({"a=sleep:500ms,sleep:500ms", "b=sleep:1s", "c=1s"});
  CHECK(only(run_virtual(scenario, Mode::async), "wake") ==
        Lines{"0.500000 async a wake late=0s", "1.000000 async b wake late=0s",
              "1.000000 async c wake late=0s", "1.000000 async a wake late=0s"});
}

TEST_CASE("many tasks wake in deadline order and the run lasts as long as the longest") {
  std::vector<TaskSpec> tasks;
  for (int i = 500; i >= 1; --i) {
    tasks.push_back(
        parse_task_spec("t" + std::to_string(i) + "=" + std::to_string(i) + "ms").value());
  }
  const Scenario scenario = Scenario::from_tasks(std::move(tasks)).value();
  const Lines async = run_virtual(scenario, Mode::async);
  const Lines wakes = only(async, "wake");
  REQUIRE(wakes.size() == 500);
  for (int i = 1; i <= 500; ++i) {
    CHECK(wakes[i - 1] == format_seconds(std::chrono::milliseconds(i)) + " async t" +
                              std::to_string(i) + " wake late=0s");
  }
  CHECK(async.back() == "0.500000 async run_end elapsed=0.500000 finished=500 cancelled=0");
  CHECK(async.size() == 2 + 500 * 6);
  const Lines sync = run_virtual(scenario, Mode::sync);
  CHECK(sync.back() == "125.250000 sync run_end elapsed=125.250000 finished=500 cancelled=0");
}

TEST_CASE("a year-long sleep takes no time on the virtual clock") {
  const Lines lines = run_virtual(scenario_of({"long=8760h"}), Mode::async);
  CHECK(lines.back() ==
        "31536000.000000 async run_end elapsed=31536000.000000 finished=1 cancelled=0");
}

TEST_CASE("a stop request cancels every async task at the await where it stands") {
  StopSignal stop;
  std::vector<TaskSpec> tasks{parse_task_spec("a=sleep:1s,sleep:5s").value(),
                              parse_task_spec("b=sleep:3s").value(), stopping_task("c", stop)};
  const Scenario scenario = Scenario::from_tasks(std::move(tasks)).value();
  // c asks to stop as soon as it starts; the loop then cancels a and b in their sleeps.
  const Lines lines = run_virtual(scenario, Mode::async, stop);
  CHECK(only(lines, "cancel at=") ==
        Lines{"0.000000 async a cancel at=sleep:1s", "0.000000 async b cancel at=sleep:3s"});
  CHECK(lines.back() == "0.000000 async run_end elapsed=0.000000 finished=1 cancelled=2");
}

TEST_CASE("a stop request in sync mode cancels the tasks that have not started") {
  StopSignal stop;
  std::vector<TaskSpec> tasks{parse_task_spec("a=1s").value(), stopping_task("b", stop),
                              parse_task_spec("c=1s").value(), parse_task_spec("d=1s").value()};
  const Scenario scenario = Scenario::from_tasks(std::move(tasks)).value();
  const Lines lines = run_virtual(scenario, Mode::sync, stop);
  CHECK(only(lines, "cancel at=") ==
        Lines{"1.000000 sync c cancel at=", "1.000000 sync d cancel at="});
  CHECK(lines.back() == "1.000000 sync run_end elapsed=1.000000 finished=2 cancelled=2");
}

TEST_CASE("a stop request before a sync sleep cancels the task in that sleep") {
  StopSignal stop;
  StepList steps;
  steps.push_back(std::make_unique<RequestStop>(stop));
  steps.push_back(std::make_unique<SleepStep>(1s));
  std::vector<TaskSpec> tasks{TaskSpec{"a", std::make_shared<const StepList>(std::move(steps))}};
  const Lines lines = run_virtual(Scenario::from_tasks(std::move(tasks)).value(), Mode::sync, stop);
  CHECK(only(lines, " a ") == Lines{"0.000000 sync a start", "0.000000 sync a sleep 1s",
                                    "0.000000 sync a cancel at=sleep:1s"});
}

TEST_CASE("a timeout landing mid-sleep cancels the unfinished tasks where they stand") {
  RunSettings settings;
  settings.timeout = 1500ms;
  StopSignal stop;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  const RunFacts facts = run_scenario(scenario_of({"a=1s", "b=sleep:2s,print:never", "c=3s"}),
                                      Mode::async, ClockKind::virtual_, trace, stop, settings);
  CHECK(only(sink.lines, " cancel ") ==
        Lines{"1.500000 async b cancel at=sleep:2s reason=timeout",
              "1.500000 async c cancel at=sleep:3s reason=timeout"});
  CHECK(sink.lines.back() ==
        "1.500000 async run_end elapsed=1.500000 finished=1 cancelled=2 stopped_by=timeout");
  CHECK(facts.stopped_by == StopReason::timeout);
}

TEST_CASE("a timeout at the very deadline of a sleep wins over the wake") {
  RunSettings settings;
  settings.timeout = 1s;
  StopSignal stop;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  run_scenario(scenario_of({"a=1s"}), Mode::async, ClockKind::virtual_, trace, stop, settings);
  CHECK(only(sink.lines, " cancel ") ==
        Lines{"1.000000 async a cancel at=sleep:1s reason=timeout"});
}

TEST_CASE("a timeout that finds every task done stops nothing") {
  RunSettings settings;
  settings.timeout = 5s;
  StopSignal stop;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  const RunFacts facts =
      run_scenario(scenario_of({"a=1s"}), Mode::async, ClockKind::virtual_, trace, stop, settings);
  CHECK(facts.stopped_by == StopReason::none);
  CHECK(sink.lines.back() == "1.000000 async run_end elapsed=1.000000 finished=1 cancelled=0");
}

TEST_CASE("in sync mode a timeout cuts the current sleep and cancels the tasks not started") {
  RunSettings settings;
  settings.timeout = 1500ms;
  StopSignal stop;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  run_scenario(scenario_of({"a=1s", "b=sleep:2s", "c=1s"}), Mode::sync, ClockKind::virtual_, trace,
               stop, settings);
  CHECK(only(sink.lines, " cancel ") == Lines{"1.500000 sync b cancel at=sleep:2s reason=timeout",
                                              "1.500000 sync c cancel at= reason=timeout"});
}

TEST_CASE("a stop request cancels running and queued pool work like any other wait") {
  StopSignal stop;
  std::vector<TaskSpec> tasks{parse_task_spec("a=work:1s").value(),
                              parse_task_spec("b=work:1s").value(), stopping_task("c", stop)};
  RunSettings settings;
  settings.threads = 1;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  run_scenario(Scenario::from_tasks(std::move(tasks)).value(), Mode::async, ClockKind::virtual_,
               trace, stop, settings);
  CHECK(only(sink.lines, " cancel ") ==
        Lines{"0.000000 async a cancel at=work:1s", "0.000000 async b cancel at=work:1s"});
}

TEST_CASE("the run summary adds up blocking, the worst lateness and the longest queue wait") {
  RunSettings settings;
  settings.threads = 1;
  settings.warn = [](std::string_view) {};
  StopSignal stop;
  Trace trace;
  const RunFacts facts = run_scenario(scenario_of({"a=block:200ms,sleep:10ms,block:300ms",
                                                   "b=sleep:100ms", "c=work:1s", "d=work:1s"}),
                                      Mode::async, ClockKind::virtual_, trace, stop, settings);
  CHECK(facts.blocked_total == 500ms);
  CHECK(facts.blocked_max == 300ms);
  CHECK(facts.late_max == 210ms);  // b was due at 0.3 s; a blocked the loop until 0.51 s
  CHECK(facts.queue_wait_max == 1s);
}

// Real time: lower bounds are strict, upper bounds generous (a loaded machine is slow, never
// early). The pool is sized 2, as in test_uv_loop.cpp.
TEST_CASE("on the real clock a blocking call makes the other task wake late by at least the rest") {
  StopSignal stop;
  testing::EventLog log;
  Trace trace;
  trace.add_sink(log);
  RunSettings settings;
  settings.warn = [](std::string_view) {};
  const RunFacts facts = run_scenario(scenario_of({"a=sleep:20ms,block:150ms", "b=sleep:50ms"}),
                                      Mode::async, ClockKind::real, trace, stop, settings);
  const auto wakes = log.of(EventKind::wake, "b");
  REQUIRE(wakes.size() == 1);
  CHECK(wakes[0].late >= 120ms);  // due at 50 ms; the loop is held from >= 20 ms to >= 170 ms
  CHECK(wakes[0].late < 5s);
  CHECK(facts.blocked_max >= 150ms);
  CHECK(facts.late_max >= 120ms);
}

TEST_CASE("on the real clock a bounded pool batches the work and the timeout cancels on time") {
  StopSignal stop;
  testing::EventLog log;
  Trace trace;
  trace.add_sink(log);
  RunSettings settings;
  settings.threads = 2;
  settings.warn = [](std::string_view) {};
  const RunFacts batched =
      run_scenario(scenario_of({"a=work:100ms", "b=work:100ms", "c=work:100ms", "d=work:100ms"}),
                   Mode::async, ClockKind::real, trace, stop, settings);
  CHECK(batched.elapsed >= 200ms);
  CHECK(batched.elapsed < 5s);
  CHECK(batched.finished == 4);
  settings.timeout = 100ms;
  const RunFacts timed_out = run_scenario(scenario_of({"a=sleep:5s", "b=work:400ms"}), Mode::async,
                                          ClockKind::real, trace, stop, settings);
  CHECK(timed_out.stopped_by == StopReason::timeout);
  CHECK(timed_out.cancelled == 2);
  CHECK(timed_out.elapsed >= 100ms);
  CHECK(timed_out.elapsed < 3s);
  for (const auto& cancel : log.of(EventKind::cancel)) CHECK(cancel.reason == StopReason::timeout);
}

TEST_CASE("numbered copies run as separate tasks named NAME1 to NAMECOUNT") {
  const Scenario scenario = scenario_of({"w*3=sleep:1s", "x=sleep:500ms"});
  CHECK(scenario.task_count() == 4);
  const Lines async = run_virtual(scenario, Mode::async);
  CHECK(only(async, "wake") ==
        Lines{"0.500000 async x wake late=0s", "1.000000 async w1 wake late=0s",
              "1.000000 async w2 wake late=0s", "1.000000 async w3 wake late=0s"});
  CHECK(run_virtual(scenario, Mode::sync).back() ==
        "3.500000 sync run_end elapsed=3.500000 finished=4 cancelled=0");
}

TEST_CASE("100000 numbered tasks write every event, in order of time") {
  const Scenario scenario = scenario_of({"w*100000=sleep:1s,print:done", "slow=2s"});
  const Lines lines = run_virtual(scenario, Mode::async);
  // run_start; start, sleep, wake, print, end per copy; 6 for the shorthand task; run_end.
  CHECK(lines.size() == 1 + 100000 * 5 + 6 + 1);
  CHECK(lines.back() == "2.000000 async run_end elapsed=2.000000 finished=100001 cancelled=0");
  CHECK(std::is_sorted(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
    return std::stod(a) < std::stod(b);
  }));
}

TEST_CASE("run_end carries the run's statistics") {
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  const Scenario scenario = scenario_of({"w*1000=sleep:1s", "x=sleep:1s,sleep:1s"});
  const RunFacts async = run_scenario(scenario, Mode::async, ClockKind::virtual_, trace, stop);
  CHECK(async.tasks == 1001);
  CHECK(async.events == 2 + 1000 * 4 + 6);
  CHECK(async.peak_asleep == 1001);
  // One turn starts every task; at 1 s and at 2 s one runs the timers' callbacks and the next
  // resumes the tasks; then gather's done callback and main's resumption take one turn each.
  CHECK(async.loop_iterations == 7);
  CHECK(async.late_max == Duration::zero());
  CHECK(sink.lines.size() == async.events);
  const RunFacts sync = run_scenario(scenario, Mode::sync, ClockKind::virtual_, trace, stop);
  CHECK(sync.peak_asleep == 1);
  CHECK(sync.loop_iterations == 0);
  CHECK(sync.elapsed == 1002s);
}

TEST_CASE("an unexpected exception in a step fails its task instead of hanging the run") {
  for (Mode mode : {Mode::async, Mode::sync}) {
    StepList steps;
    steps.push_back(std::make_unique<Throws>());
    std::vector<TaskSpec> tasks{TaskSpec{"bug", std::make_shared<const StepList>(std::move(steps))},
                                parse_task_spec("other=sleep:1s").value()};
    const Lines lines = run_virtual(Scenario::from_tasks(std::move(tasks)).value(), mode);
    const std::string at = mode == Mode::async ? "0.500000 async " : "0.500000 sync ";
    CHECK(only(lines, " fail ") == Lines{at + "bug fail at=throws message=out of cheese"});
    // The failure cancels the sibling, as --on-error cancel says, and the run ends.
    CHECK(only(lines, "other cancel").size() == 1);
    CHECK(lines.back().find("run_end") != std::string::npos);
  }
}

// What happens in one turn of the loop: the cases where asyncdemo once differed from asyncio,
// each checked against what Python 3.11 prints for the same program (tests/parity runs them
// against asyncio itself, with many random ones).
namespace {

// The index of the first line that mentions `needle`, or the number of lines.
std::size_t find_line(const Lines& lines, std::string_view needle) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(needle) != std::string::npos) return i;
  }
  return lines.size();
}

Lines run_with(std::initializer_list<std::string> specs, RunSettings settings = {}) {
  settings.warn = [](std::string_view) {};
  return testing::run_virtual(scenario_of(specs), Mode::async, settings);
}

RunSettings with_timeout(Duration timeout) {
  RunSettings settings;
  settings.timeout = timeout;
  return settings;
}

}  // namespace

TEST_CASE("a TaskGroup's abort is a queued callback: a task ready in that turn takes its step") {
  CHECK(only(run_with({"a=sleep:0,fail:boom", "b=sleep:0,print:b"}), " b ") ==
        Lines{"0.000000 async b start", "0.000000 async b sleep 0s",
              "0.000000 async b wake late=0s", "0.000000 async b print b", "0.000000 async b end"});
  CHECK(only(run_with({"a=sleep:50ms,fail:boom", "b=sleep:50ms,print:b"}), " b ").back() ==
        "0.050000 async b end");
}

TEST_CASE("a zero timeout under gather cancels every task before its first step") {
  const Lines lines = run_with({"b=print:b1"}, with_timeout(0s));
  CHECK(lines == Lines{"0.000000 async run_start", "0.000000 async b cancel at= reason=timeout",
                       "0.000000 async run_end elapsed=0.000000 finished=0 cancelled=1 "
                       "stopped_by=timeout"});
}

TEST_CASE("a zero timeout under a TaskGroup lets each task take its first step, then times out") {
  const Lines lines = run_with({"b=print:b1", "c=sleep:1s,fail:x"}, with_timeout(0s));
  CHECK(only(lines, " b ") ==
        Lines{"0.000000 async b start", "0.000000 async b print b1", "0.000000 async b end"});
  CHECK(only(lines, " c ").back() == "0.000000 async c cancel at=sleep:1s reason=timeout");
  CHECK(lines.back() ==
        "0.000000 async run_end elapsed=0.000000 finished=1 cancelled=1 stopped_by=timeout");
}

TEST_CASE("a timeout that falls due during a blocking call is handled in the turn after it") {
  const Lines lines =
      run_with({"a=sleep:0,block:150ms,print:a", "b=sleep:50ms,print:b"}, with_timeout(100ms));
  CHECK(only(lines, " a ").back() == "0.150000 async a end");
  // b's timer and the timeout fall due in the same turn; the timeout's callback cancels b
  // before b's resumption runs.
  CHECK(only(lines, " b ").back() == "0.150000 async b cancel at=sleep:50ms reason=timeout");
  CHECK(lines.back() ==
        "0.150000 async run_end elapsed=0.150000 finished=1 cancelled=1 stopped_by=timeout");
}

TEST_CASE("a timeout times the run out even when the last task ends just before it") {
  // a ends at 100 ms; asyncio.timeout's callback runs before main resumes from gather.
  CHECK(run_with({"a=block:100ms"}, with_timeout(100ms)).back() ==
        "0.100000 async run_end elapsed=0.100000 finished=1 cancelled=0 stopped_by=timeout");
}

TEST_CASE("a fired timer resumes its task behind the callbacks already queued") {
  CHECK(only(run_with({"a=sleep:0,block:100ms,sleep:0,print:A", "b=sleep:50ms,print:B"}),
             " print ") == Lines{"0.100000 async a print A", "0.100000 async b print B"});
  CHECK(only(run_with({"b=sleep:50ms,block:50ms", "c=block:50ms,sleep:0,print:c"}), " print ") ==
        Lines{"0.050000 async c print c"});
  RunSettings one_thread;
  one_thread.threads = 1;
  const Lines lines =
      run_with({"a=work:50ms,block:50ms", "b=block:100ms,sleep:0,print:b"}, one_thread);
  CHECK(only(lines, " b print") == Lines{"0.100000 async b print b"});
  CHECK(only(lines, " a block") == Lines{"0.100000 async a block 50ms"});
  CHECK(find_line(lines, " b print") < find_line(lines, " a block"));
}

TEST_CASE("gather cancels its children in task order") {
  CHECK(only(run_with({"a=sleep:150ms", "b=sleep:100ms"}, with_timeout(50ms)), " cancel ") ==
        Lines{"0.050000 async a cancel at=sleep:150ms reason=timeout",
              "0.050000 async b cancel at=sleep:100ms reason=timeout"});
}

TEST_CASE("a job that started on a thread has its work_start, although its task is cancelled") {
  const Lines lines = run_with({"a=fail:boom", "b=work:50ms", "c=block:50ms"});
  // The thread took b's job at once; the loop learns of it after c's blocking call, as it
  // learns of everything a thread reports, and before the abort's cancel reaches b.
  CHECK(only(lines, " b ") == Lines{"0.000000 async b start", "0.000000 async b work_queue 50ms",
                                    "0.050000 async b work_start waited=0s worker=1",
                                    "0.050000 async b cancel at=work:50ms reason=failure"});
}

TEST_CASE("sleep:0 is a bare yield: no timer, and every ready task runs first") {
  StopSignal stop;
  Trace trace;
  const RunFacts facts = run_scenario(scenario_of({"a=sleep:0,sleep:0", "b=sleep:0"}), Mode::async,
                                      ClockKind::real, trace, stop);
  CHECK(facts.peak_asleep == 0);
  CHECK(only(run_with({"a=sleep:0,print:a2", "b=print:b1"}), " print ") ==
        Lines{"0.000000 async b print b1", "0.000000 async a print a2"});
}

namespace {

// Parks its task in a lot that nobody ever lets go: what a coordination step waiting for
// something that can never come does.
class WaitForever final : public Step {
 public:
  Task run(TaskContext& ctx) const override { co_await Parking{ctx, lot_}; }
  std::string spec() const override { return "wait:never"; }

 private:
  struct Parking {
    TaskContext& ctx;
    ParkingLot& lot;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> waiter) {
      ctx.self().waiter = waiter;
      return ctx.executor().park_on(lot, ctx.self(), "nothing sets it");
    }
    void await_resume() const {
      if (ctx.self().cancelled()) throw Cancelled{};
    }
  };
  mutable ParkingLot lot_{"an event that is never set"};
};

TaskSpec waiting_forever(std::string name) {
  StepList steps;
  steps.push_back(std::make_unique<WaitForever>());
  return TaskSpec{std::move(name), std::make_shared<const StepList>(std::move(steps))};
}

}  // namespace

TEST_CASE("a deadlock is reported, one line per stuck task, instead of waited on") {
  for (ClockKind clock : {ClockKind::virtual_, ClockKind::real}) {
    std::vector<TaskSpec> tasks{waiting_forever("a"), parse_task_spec("b=sleep:10ms").value(),
                                waiting_forever("c")};
    testing::RecordingSink sink;
    Trace trace;
    trace.add_sink(sink);
    StopSignal stop;
    std::vector<std::string> warnings;
    RunSettings settings;
    settings.warn = [&warnings](std::string_view text) { warnings.emplace_back(text); };
    const RunFacts facts = run_scenario(Scenario::from_tasks(std::move(tasks)).value(), Mode::async,
                                        clock, trace, stop, settings);
    CHECK(facts.stopped_by == StopReason::deadlock);
    CHECK(facts.cancelled == 2);
    CHECK(facts.finished == 1);
    const Lines cancels = only(sink.lines, " cancel ");
    REQUIRE(cancels.size() == 2);
    CHECK(cancels[0].find("a cancel at=wait:never reason=deadlock waiting_for=an event that is "
                          "never set") != std::string::npos);
    CHECK(cancels[1].find("c cancel at=wait:never reason=deadlock") != std::string::npos);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0] ==
          "deadlock: no task can go on, and nothing else can wake them; a waits for an event "
          "that is never set; c waits for an event that is never set");
  }
}

namespace {

// The same step, taken through its coroutine: a task with one of these runs as a coroutine.
class AsCoroutine final : public Step {
 public:
  explicit AsCoroutine(const Step& inner) : inner_(inner) {}
  Task run(TaskContext& ctx) const override { return inner_.run(ctx); }
  Duration planned_wait() const override { return inner_.planned_wait(); }
  std::string spec() const override { return inner_.spec(); }
  bool is_plain_sleep() const override { return inner_.is_plain_sleep(); }
  bool can_fail() const override { return inner_.can_fail(); }
  void references(std::vector<StepReference>& out) const override { inner_.references(out); }
  bool needs_real_time() const override { return inner_.needs_real_time(); }

 private:
  const Step& inner_;
};

// The same scenario with every step taken through its coroutine: no task of it is frameless.
Scenario as_coroutines(const Scenario& scenario) {
  std::vector<TaskSpec> specs = scenario.tasks();
  for (TaskSpec& spec : specs) {
    auto steps = std::make_shared<StepList>();
    for (const auto& step : *spec.steps) steps->push_back(std::make_unique<AsCoroutine>(*step));
    spec.steps = steps;
  }
  return Scenario::from_tasks(specs, scenario.declarations()).value();
}

Lines run_async_virtual(const Scenario& scenario, std::optional<Duration> timeout) {
  RunSettings settings;
  settings.timeout = timeout;
  StopSignal stop;
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  run_scenario(scenario, Mode::async, ClockKind::virtual_, trace, stop, settings);
  return sink.lines;
}

}  // namespace

TEST_CASE("a task of sleeps and prints runs without a frame exactly as it would as a coroutine") {
  const Scenario frameless = scenario_of({"a=print:a1,sleep:0,print:a2,sleep:1s,print:a3",
                                          "b=sleep:0,print:b1,sleep:2s,print:b2", "c*3=1s"});
  const Scenario coroutines = as_coroutines(frameless);
  for (const std::optional<Duration> timeout :
       {std::optional<Duration>{}, std::optional<Duration>{0s}, std::optional<Duration>{500ms},
        std::optional<Duration>{1s}, std::optional<Duration>{1500ms}}) {
    CAPTURE(timeout.value_or(-1s).count());
    const Lines lines = run_async_virtual(frameless, timeout);
    CHECK(lines == run_async_virtual(coroutines, timeout));
    CHECK(lines.size() > 2);
  }
}

TEST_CASE(
    "a frameless task spawned, awaited or beside a limit's holders runs as a coroutine would") {
  const Declarations db = parse_declarations({"db=1"}, {}, {}).value();
  struct Case {
    std::vector<std::string> specs;
    Declarations declarations;
  };
  const std::vector<Case> cases{
      // spawned, then awaited by its spawner
      {{"main=spawn:w,print:spawned,await:w,print:all done", "w*3=sleep:1s,print:w"}, {}},
      // awaited from the start: cancelling the awaiter cancels the frameless task instead
      {{"a=sleep:1s,print:a,sleep:1s", "b=await:a,print:b"}, {}},
      // its spawner may stop before spawning it: it then only records its cancel
      {{"m=sleep:1s,spawn:w,await:w", "w=sleep:500ms,print:w"}, {}},
      // sleeping beside tasks that take turns with a lock
      {{"a=acquire:db,sleep:1s,release:db", "b=acquire:db,sleep:500ms,release:db",
        "c*2=sleep:500ms,print:c,sleep:1s"},
       db},
  };
  for (const Case& each : cases) {
    std::vector<TaskSpec> tasks;
    for (const std::string& spec : each.specs) tasks.push_back(parse_task_spec(spec).value());
    const Scenario frameless = Scenario::from_tasks(std::move(tasks), each.declarations).value();
    const Scenario coroutines = as_coroutines(frameless);
    for (const std::optional<Duration> timeout :
         {std::optional<Duration>{}, std::optional<Duration>{0s}, std::optional<Duration>{500ms},
          std::optional<Duration>{1s}, std::optional<Duration>{1500ms}}) {
      CAPTURE(each.specs.front());
      CAPTURE(timeout.value_or(-1s).count());
      const Lines lines = run_async_virtual(frameless, timeout);
      CHECK(lines == run_async_virtual(coroutines, timeout));
      CHECK(lines.size() > 2);
    }
  }
}
