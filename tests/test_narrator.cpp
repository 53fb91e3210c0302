#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/narration/narrator.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/lines.hpp"
#include "support/storing_sink.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using Lines = std::vector<std::string>;

namespace {

// Writes "TASK sleep" and "TASK wake" to the same output as the narrator, so that a test sees
// narration and events in the order they happened.
class SleepsAndWakes final : public TraceSink {
 public:
  explicit SleepsAndWakes(LineOutput& out) : out_(out) {}
  void write(const TraceEvent& event) override {
    if (event.kind == EventKind::sleep || event.kind == EventKind::wake) {
      out_.write_line(std::string(event.task) + " " + std::string(to_string(event.kind)));
    }
  }

 private:
  LineOutput& out_;
};

Lines split_lines(const std::string& text) {
  Lines lines;
  std::size_t begin = 0;
  for (std::size_t end; (end = text.find('\n', begin)) != std::string::npos; begin = end + 1) {
    lines.push_back(text.substr(begin, end - begin));
  }
  return lines;
}

Lines narrate(const Scenario& scenario, Mode mode) {
  testing::TempPath file;
  {
    StopSignal stop;
    auto out = LineOutput::open(file.path(), stop).value();
    SleepsAndWakes events(*out);
    Narrator narrator(*out, ClockKind::virtual_, false);
    Trace trace;
    trace.add_sink(events);
    trace.add_sink(narrator);
    run_scenario(scenario, mode, ClockKind::virtual_, trace, stop, &narrator);
  }
  return split_lines(file.read());
}

constexpr const char* kIndent = "                  ~ ";

}  // namespace

TEST_CASE("the narration of an async run follows the loop's timer queue") {
  const std::string i = kIndent;
  const Lines expected{
      "a sleep",
      i + "a is suspended at its await and gives the loop back; its timer joins the queue: 1 "
          "timer pending; the next to fire is a's, at 1.000s",
      "b sleep",
      i + "b is suspended at its await and gives the loop back; its timer joins the queue: 2 "
          "timers pending; the next to fire is a's, at 1.000s",
      "c sleep",
      i + "c is suspended at its await and gives the loop back; its timer joins the queue: 3 "
          "timers pending; the next to fire is a's, at 1.000s",
      i + "no coroutine is ready to run; 3 timers pending; the next to fire is a's, at 1.000s. "
          "The loop is idle: on the virtual clock it does not wait, it jumps time forward by 1s "
          "to 1.000s",
      i + "a's timer (due at 1.000s) fired at 1.000s: the loop resumes the coroutine a; 1 more "
          "ready after it, next c; 2 timers still pending",
      "a wake",
      i + "c's timer (due at 1.000s) fired at 1.000s: the loop resumes the coroutine c; 1 timer "
          "still pending",
      "c wake",
      i + "no coroutine is ready to run; 1 timer pending; the next to fire is b's, at 2.000s. "
          "The loop is idle: on the virtual clock it does not wait, it jumps time forward by 1s "
          "to 2.000s",
      i + "b's timer (due at 2.000s) fired at 2.000s: the loop resumes the coroutine b; no timer "
          "is left in the queue",
      "b wake",
  };
  CHECK(narrate(testing::scenario_of({"a=sleep:1s", "b=sleep:2s", "c=sleep:1s"}), Mode::async) ==
        expected);
}

TEST_CASE("the narration of a sync run says there is no loop and the thread blocks") {
  const std::string i = kIndent;
  const Lines expected{
      "a sleep",
      i + "no event loop in sync mode: the thread itself is blocked in a's sleep for 1s, until "
          "1.000s; no other task can run meanwhile",
      "a wake",
      "b sleep",
      i + "no event loop in sync mode: the thread itself is blocked in b's sleep for 250ms, "
          "until 1.250s; no other task can run meanwhile",
      "b wake",
  };
  CHECK(narrate(testing::scenario_of({"a=sleep:1s", "b=sleep:250ms"}), Mode::sync) == expected);
}

TEST_CASE("Narrator says the real loop waits in the operating system") {
  testing::TempPath file;
  StopSignal stop;
  auto out = LineOutput::open(file.path(), stop).value();
  Narrator narrator(*out, ClockKind::real, false);
  TimerQueue timers;
  CHECK(narrator.idle_text(0s, timers) ==
        "nothing is ready and no timer is pending: the loop has no work");
  TraceEvent sleep;
  sleep.kind = EventKind::sleep;
  sleep.task = "slow";
  narrator.write(sleep);
  Timer timer;
  timer.deadline = 2s;
  timers.push(timer);
  narrator.suspended_text(timer, timers);
  CHECK(narrator.idle_text(500ms, timers) ==
        "no coroutine is ready to run; 1 timer pending; the next to fire is slow's, at 2.000s. "
        "The loop is idle: it waits in the operating system (epoll) for 1.5s until that timer "
        "is due");
  CHECK(narrator.idle_text(2s, timers) ==
        "no coroutine is running; 1 timer already due, so the loop polls the operating system "
        "without waiting");
}
