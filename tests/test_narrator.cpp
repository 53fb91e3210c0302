#include <doctest/doctest.h>

#include <algorithm>
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
    if (event.kind == EventKind::sleep || event.kind == EventKind::wake ||
        event.kind == EventKind::block || event.kind == EventKind::unblock) {
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
    run_scenario(scenario, mode, ClockKind::virtual_, trace, stop, &narrator);
  }
  return split_lines(file.read());
}

constexpr const char* kIndent = "                  ~ ";

}  // namespace

TEST_CASE("the narration of an async run follows the loop's ready queue and timers") {
  const std::string i = kIndent;
  const Lines expected{
      i + "the loop runs a's first step: create_task queued it; no timer pending",
      "a sleep",
      i + "a is suspended at its await and gives the loop back; its timer joins the queue: 1 "
          "timer pending; the next to fire is a's, at 1.000s",
      i + "the loop runs b's first step: create_task queued it; 1 timer pending; the next to fire "
          "is a's, at 1.000s",
      "b sleep",
      i + "b is suspended at its await and gives the loop back; its timer joins the queue: 2 "
          "timers pending; the next to fire is a's, at 1.000s",
      i + "the loop runs c's first step: create_task queued it; 2 timers pending; the next to "
          "fire is a's, at 1.000s",
      "c sleep",
      i + "c is suspended at its await and gives the loop back; its timer joins the queue: 3 "
          "timers pending; the next to fire is a's, at 1.000s",
      i + "no coroutine is ready to run; 3 timers pending; the next to fire is a's, at 1.000s. "
          "The loop is idle: on the virtual clock it does not wait, it jumps time forward by 1s "
          "to 1.000s",
      i + "a's timer was due at 1.000s and its callback ran: the loop resumes the coroutine a at "
          "1.000s; 1 callback queued behind it; 1 timer pending; the next to fire is b's, at "
          "2.000s",
      "a wake",
      i + "c's timer was due at 1.000s and its callback ran: the loop resumes the coroutine c at "
          "1.000s; 1 timer pending; the next to fire is b's, at 2.000s",
      "c wake",
      i + "no coroutine is ready to run; 1 timer pending; the next to fire is b's, at 2.000s. "
          "The loop is idle: on the virtual clock it does not wait, it jumps time forward by 1s "
          "to 2.000s",
      i + "b's timer was due at 2.000s and its callback ran: the loop resumes the coroutine b at "
          "2.000s; no timer pending",
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
      "b block",
      i + "no event loop in sync mode: the thread itself is blocked in b's blocking call for "
          "250ms, until 1.250s; no other task can run meanwhile",
      "b unblock",
  };
  CHECK(narrate(testing::scenario_of({"a=sleep:1s", "b=block:250ms"}), Mode::sync) == expected);
}

TEST_CASE("the narration says which timers a blocking call makes late, and why") {
  const Lines lines = narrate(testing::scenario_of({"a=sleep:50ms", "b=block:100ms"}), Mode::async);
  CHECK(std::find(lines.begin(), lines.end(),
                  kIndent + std::string("b makes a blocking call: the thread, and with it the "
                                        "event loop, is frozen until 0.100s; 1 timer due before "
                                        "then (a's at 0.050s) cannot fire: nothing runs the loop "
                                        "to notice them")) != lines.end());
  CHECK(std::find(lines.begin(), lines.end(),
                  kIndent + std::string("b's blocking call is over; 1 timer is overdue, a's by "
                                        "50ms: they join the ready queue in the loop's next "
                                        "turn")) != lines.end());
}

TEST_CASE("the narration of pool work says how busy the pool is while the loop waits") {
  RunSettings settings;
  settings.threads = 1;
  testing::TempPath file;
  {
    StopSignal stop;
    auto out = LineOutput::open(file.path(), stop).value();
    Narrator narrator(*out, ClockKind::virtual_, false);
    Trace trace;
    settings.observer = &narrator;
    run_scenario(testing::scenario_of({"a=work:1s", "b=work:1s"}), Mode::async, ClockKind::virtual_,
                 trace, stop, settings);
  }
  const Lines lines = split_lines(file.read());
  CHECK(std::find(lines.begin(), lines.end(),
                  kIndent + std::string("b is suspended at its await, waiting for a pool thread to "
                                        "take its job; the loop runs the others")) != lines.end());
  CHECK(std::find(lines.begin(), lines.end(),
                  kIndent + std::string("no coroutine is ready to run; no timer pending; 1 of 1 "
                                        "pool thread busy, 1 job waiting for a free thread. The "
                                        "loop is idle: on the virtual clock it does not wait, it "
                                        "jumps time forward by 1s to 1.000s")) != lines.end());
}

TEST_CASE("the narration never gives a negative wait") {
  const Lines lines = narrate(
      testing::scenario_of({"a=sleep:0", "b=sleep:0", "c=block:10ms,sleep:0"}), Mode::async);
  for (const std::string& line : lines) CHECK(line.find(" -") == std::string::npos);
}

TEST_CASE("a narrator without an output only makes sentences, and its observer calls say nothing") {
  Narrator sentences(ClockKind::virtual_);
  CHECK(sentences.blocking_text("a", "a sleep", 0s, 1s, nullptr) ==
        "no event loop in sync mode: the thread itself is blocked in a's sleep for 1s, until "
        "1.000s; no other task can run meanwhile");
  sentences.blocking("a", "a sleep", 0s, 1s, nullptr);  // nowhere to write: nothing happens
  sentences.unblocked("a", nullptr);
}
