#include <doctest/doctest.h>

#include "asyncdemo/trace/text_format.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

TraceEvent task_event(EventKind kind, Duration t, std::string_view task) {
  TraceEvent event;
  event.kind = kind;
  event.t = t;
  event.mode = Mode::async;
  event.task = task;
  return event;
}

TraceEvent run_event(EventKind kind, Duration t, Mode mode) {
  TraceEvent event;
  event.kind = kind;
  event.t = t;
  event.mode = mode;
  return event;
}

// The formatter needs an output; these tests only call line(), which writes nothing.
struct Fixture {
  StopSignal stop;
  testing::TempPath file;
  std::unique_ptr<LineOutput> out = LineOutput::open(file.path(), stop).value();
};

}  // namespace

TEST_CASE("TextFormat lines align time, mode and task and say what happened") {
  Fixture f;
  const TextFormat text(*f.out, TextStyle{false, 8});
  CHECK(text.line(task_event(EventKind::start, 0s, "one")) ==
        "   0.000s  async  one       started");
  TraceEvent print = task_event(EventKind::print, 1234567us, "one");
  print.text = "hello, world";
  CHECK(text.line(print) == "   1.235s  async  one       printed \"hello, world\"");
  TraceEvent sleep = task_event(EventKind::sleep, 2s, "longname");
  sleep.seconds = 1500ms;
  CHECK(text.line(sleep) == "   2.000s  async  longname  sleeps for 1.5s");
  TraceEvent on_time = task_event(EventKind::wake, 3500ms, "one");
  CHECK(text.line(on_time) == "   3.500s  async  one       woke up on time");
  TraceEvent late = task_event(EventKind::wake, 3501ms, "one");
  late.late = 1200us;
  CHECK(text.line(late) == "   3.501s  async  one       woke up 1.200ms late");
  CHECK(text.line(task_event(EventKind::end, 4s, "one")) == "   4.000s  async  one       finished");
  TraceEvent cancel = task_event(EventKind::cancel, 4s, "one");
  cancel.at = "sleep:2s";
  CHECK(text.line(cancel) == "   4.000s  async  one       cancelled in sleep:2s");
  CHECK(text.line(task_event(EventKind::cancel, 4s, "two")) ==
        "   4.000s  async  two       cancelled before it started");
}

TEST_CASE("TextFormat shows control characters in printed text as escapes") {
  Fixture f;
  const TextFormat text(*f.out, TextStyle{false, 1});
  TraceEvent print = task_event(EventKind::print, 0s, "a");
  print.text = "two\nlines\tand\x1b[31m";
  CHECK(text.line(print) == "   0.000s  async  a  printed \"two\\nlines\\tand\\x1b[31m\"");
}

TEST_CASE("TextFormat colours only when asked to") {
  Fixture f;
  const TextFormat plain(*f.out, TextStyle{false, 3});
  const TextFormat coloured(*f.out, TextStyle{true, 3});
  const TraceEvent start = task_event(EventKind::start, 0s, "one");
  CHECK(plain.line(start).find('\x1b') == std::string::npos);
  CHECK(coloured.line(start) ==
        "\x1b[2m   0.000s\x1b[0m  \x1b[36masync\x1b[0m  \x1b[1mone\x1b[0m  \x1b[32mstarted\x1b[0m");
}

TEST_CASE("TextFormat ends with both totals, theory and the speed-up") {
  Fixture f;
  {
    TextFormat text(*f.out, TextStyle{false, 3});
    RunFacts sync_run{ClockKind::virtual_, 2, 3s, 3s, 2, 0, 14, 0s, 0s, 0s, 1, 0};
    RunFacts async_run{ClockKind::virtual_, 2, 2s, 2s, 2, 0, 14, 1ms, 1500us, 2ms, 2, 3};
    TraceEvent start = run_event(EventKind::run_start, 0s, Mode::sync);
    start.run = &sync_run;
    text.write(start);
    TraceEvent end = run_event(EventKind::run_end, 3s, Mode::sync);
    end.run = &sync_run;
    text.write(end);
    start.mode = Mode::async;
    start.run = &async_run;
    text.write(start);
    end.mode = Mode::async;
    end.t = 2s;
    end.run = &async_run;
    text.write(end);
    text.finish();
    f.out->flush();
  }
  CHECK(
      f.file.read() ==
      "   0.000s  sync   -- 2 tasks, one after another: each sleep blocks the thread\n"
      "   3.000s  sync   -- finished in 3.000s; theory: 3.000s, the sum of all sleeps\n"
      "   3.000s  sync   -- 2 tasks, 14 events; wake lateness p50 0.000ms, p99 0.000ms, max "
      "0.000ms; at most 1 asleep at once; no event loop\n"
      "\n"
      "   0.000s  async  -- 2 tasks as coroutines on one event loop: a sleep lets the others run\n"
      "   2.000s  async  -- finished in 2.000s; theory: 2.000s, the longest task\n"
      "   2.000s  async  -- 2 tasks, 14 events; wake lateness p50 1.000ms, p99 1.500ms, max "
      "2.000ms; at most 2 asleep at once; 3 loop iterations\n"
      "\n"
      "              total    theory\n"
      "sync         3.000s    3.000s  (the sum of all sleeps)\n"
      "async        2.000s    2.000s  (the longest task)\n"
      "speed-up      1.50x     1.50x\n");
}

TEST_CASE("TextFormat reports a stopped run instead of comparing") {
  Fixture f;
  {
    TextFormat text(*f.out, TextStyle{false, 3});
    RunFacts run{ClockKind::real, 2, 3s, 1500ms, 1, 1, 9, 0s, 0s, 0s, 1, 0};
    TraceEvent end = run_event(EventKind::run_end, 1500ms, Mode::sync);
    end.run = &run;
    text.write(end);
    text.finish();
    f.out->flush();
  }
  CHECK(f.file.read() ==
        "   1.500s  sync   -- stopped after 1.500s: 1 finished, 1 cancelled\n"
        "   1.500s  sync   -- 2 tasks, 9 events; wake lateness p50 0.000ms, p99 0.000ms, max "
        "0.000ms; at most 1 asleep at once; no event loop\n");
}
