#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/schedule/scheduler.hpp"
#include "asyncdemo/trace/narrator.hpp"
#include "support/lines.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

namespace {

// Keeps what the executor told, one line per call, between the trace events, so that tests see
// narration and events in the order they happened.
class Transcript final : public LoopObserver, public TraceSink {
 public:
  explicit Transcript(ClockKind clock) : clock_(clock) {}
  void suspended(const Timer& timer, const TimerQueue& timers) override {
    lines.push_back("~ " + Narrator::suspended_text(timer, timers));
  }
  void idle(Duration now, const TimerQueue& timers) override {
    if (!timers.empty() && timers.due_by(now) > 0) return;
    lines.push_back("~ " + Narrator::idle_text(now, timers, clock_));
  }
  void resuming(const Timer& timer, Duration now, const TimerQueue& timers) override {
    lines.push_back("~ " + Narrator::resuming_text(timer, now, timers));
  }
  void blocking(const Timer& timer, Duration now) override {
    lines.push_back("~ " + Narrator::blocking_text(timer, now));
  }
  void write(const TraceEvent& event) override {
    if (event.kind == EventKind::sleep || event.kind == EventKind::wake) {
      lines.push_back(std::string(event.task) + " " + std::string(to_string(event.kind)));
    }
  }
  Lines lines;

 private:
  ClockKind clock_;
};

Lines narrate(const Scenario& scenario, Mode mode) {
  Transcript transcript(ClockKind::virtual_);
  Trace trace;
  trace.add_sink(transcript);
  StopSignal stop;
  run_scenario(scenario, mode, ClockKind::virtual_, trace, stop, &transcript);
  return transcript.lines;
}

}  // namespace

TEST_CASE("the narration of an async run follows the loop's timer queue") {
  const Lines expected{
      "a sleep",
      "~ a is suspended at its await and gives the loop back; its timer joins the queue: 1 timer "
      "pending; the next to fire is a's, at 1.000s",
      "b sleep",
      "~ b is suspended at its await and gives the loop back; its timer joins the queue: 2 timers "
      "pending; the next to fire is a's, at 1.000s",
      "c sleep",
      "~ c is suspended at its await and gives the loop back; its timer joins the queue: 3 timers "
      "pending; the next to fire is a's, at 1.000s",
      "~ no coroutine is ready to run; 3 timers pending; the next to fire is a's, at 1.000s. The "
      "loop is idle: on the virtual clock it does not wait, it jumps time forward by 1s to 1.000s",
      "~ a's timer (due at 1.000s) fired at 1.000s: the loop resumes the coroutine a; 1 more ready "
      "after it, next c; 2 timers still pending",
      "a wake",
      "~ c's timer (due at 1.000s) fired at 1.000s: the loop resumes the coroutine c; 1 timer "
      "still pending",
      "c wake",
      "~ no coroutine is ready to run; 1 timer pending; the next to fire is b's, at 2.000s. The "
      "loop is idle: on the virtual clock it does not wait, it jumps time forward by 1s to 2.000s",
      "~ b's timer (due at 2.000s) fired at 2.000s: the loop resumes the coroutine b; no timer is "
      "left in the queue",
      "b wake",
  };
  CHECK(narrate(testing::scenario_of({"a=sleep:1s", "b=sleep:2s", "c=sleep:1s"}), Mode::async) ==
        expected);
}

TEST_CASE("the narration of a sync run says there is no loop and the thread blocks") {
  const Lines expected{
      "a sleep",
      "~ no event loop in sync mode: the thread itself is blocked in a's sleep for 1s, until "
      "1.000s; no other task can run meanwhile",
      "a wake",
      "b sleep",
      "~ no event loop in sync mode: the thread itself is blocked in b's sleep for 250ms, until "
      "1.250s; no other task can run meanwhile",
      "b wake",
  };
  CHECK(narrate(testing::scenario_of({"a=sleep:1s", "b=sleep:250ms"}), Mode::sync) == expected);
}

TEST_CASE("Narrator says the real loop waits in the operating system") {
  TimerQueue timers;
  Timer timer;
  timer.deadline = 2s;
  timer.task = "slow";
  timers.push(timer);
  CHECK(Narrator::idle_text(500ms, timers, ClockKind::real) ==
        "no coroutine is ready to run; 1 timer pending; the next to fire is slow's, at 2.000s. "
        "The loop is idle: it waits in the operating system (epoll) for 1.5s until that timer "
        "is due");
  CHECK(Narrator::idle_text(2s, timers, ClockKind::real) ==
        "no coroutine is running; 1 timer already due, so the loop polls the operating system "
        "without waiting");
  TimerQueue empty;
  CHECK(Narrator::idle_text(0s, empty, ClockKind::real) ==
        "nothing is ready and no timer is pending: the loop has no work");
}
