#include <doctest/doctest.h>

#include "asyncdemo/formats/text_format.hpp"
#include "support/temp_file.hpp"
#include "support/trace_events.hpp"

using namespace asyncdemo;
using testing::event_of;
using namespace std::chrono_literals;

namespace {

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
  CHECK(text.line(event_of(EventKind::start, 0s, "one")) == "   0.000s  async  one       started");
  TraceEvent print = event_of(EventKind::print, 1234567us, "one");
  print.text = "hello, world";
  CHECK(text.line(print) == "   1.235s  async  one       printed \"hello, world\"");
  TraceEvent sleep = event_of(EventKind::sleep, 2s, "longname");
  sleep.seconds = 1500ms;
  CHECK(text.line(sleep) == "   2.000s  async  longname  sleeps for 1.5s");
  TraceEvent on_time = event_of(EventKind::wake, 3500ms, "one");
  CHECK(text.line(on_time) == "   3.500s  async  one       woke up on time");
  TraceEvent late = event_of(EventKind::wake, 3501ms, "one");
  late.late = 1200us;
  CHECK(text.line(late) == "   3.501s  async  one       woke up 1.200ms late");
  CHECK(text.line(event_of(EventKind::end, 4s, "one")) == "   4.000s  async  one       finished");
  TraceEvent cancel = event_of(EventKind::cancel, 4s, "one");
  cancel.at = "sleep:2s";
  CHECK(text.line(cancel) == "   4.000s  async  one       cancelled in sleep:2s");
  CHECK(text.line(event_of(EventKind::cancel, 4s, "two")) ==
        "   4.000s  async  two       cancelled before it started");
}

TEST_CASE("TextFormat shows control characters in printed text as escapes") {
  Fixture f;
  const TextFormat text(*f.out, TextStyle{false, 1});
  TraceEvent print = event_of(EventKind::print, 0s, "a");
  print.text = "two\nlines\tand\x1b[31m";
  CHECK(text.line(print) == "   0.000s  async  a  printed \"two\\nlines\\tand\\x1b[31m\"");
}

TEST_CASE("TextFormat colours only when asked to") {
  Fixture f;
  const TextFormat plain(*f.out, TextStyle{false, 3});
  const TextFormat coloured(*f.out, TextStyle{true, 3});
  const TraceEvent start = event_of(EventKind::start, 0s, "one");
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
    sync_run.waits.sleep = async_run.waits.sleep = true;
    TraceEvent start = event_of(EventKind::run_start, 0s, {}, Mode::sync);
    start.run = &sync_run;
    text.write(start);
    TraceEvent end = event_of(EventKind::run_end, 3s, {}, Mode::sync);
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
    TraceEvent end = event_of(EventKind::run_end, 1500ms, {}, Mode::sync);
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

TEST_CASE("TextFormat says what blocks, what goes to the pool, what failed and why it cancelled") {
  Fixture f;
  const TextFormat text(*f.out, TextStyle{false, 1});
  TraceEvent block = event_of(EventKind::block, 0s, "a");
  block.seconds = 300ms;
  CHECK(text.line(block) == "   0.000s  async  a  blocks the event loop for 300ms");
  block.mode = Mode::sync;
  CHECK(text.line(block) == "   0.000s  sync   a  blocks the thread for 300ms");
  TraceEvent unblock = event_of(EventKind::unblock, 300ms, "a");
  unblock.held = 300ms;
  CHECK(text.line(unblock) == "   0.300s  async  a  let go after 300ms");
  TraceEvent queued = event_of(EventKind::work_queue, 0s, "w");
  queued.seconds = 1s;
  CHECK(text.line(queued) == "   0.000s  async  w  hands 1s of work to the thread pool");
  TraceEvent started = event_of(EventKind::work_start, 1s, "w");
  started.worker = 2;
  CHECK(text.line(started) == "   1.000s  async  w  work started on thread 2");
  started.waited = 1s;
  CHECK(text.line(started) ==
        "   1.000s  async  w  work started on thread 2 after 1s in the queue");
  TraceEvent ended = event_of(EventKind::work_end, 2s, "w");
  ended.worker = 2;
  CHECK(text.line(ended) == "   2.000s  async  w  work done on thread 2");
  ended.late = 250ms;
  CHECK(text.line(ended) == "   2.000s  async  w  work done on thread 2, resumed 250.000ms late");
  TraceEvent failed = event_of(EventKind::fail, 2s, "f");
  failed.at = "fail:boom";
  failed.text = "boom";
  CHECK(text.line(failed) == "   2.000s  async  f  failed in fail:boom: boom");
  TraceEvent cancel = event_of(EventKind::cancel, 2s, "b");
  cancel.at = "sleep:3s";
  cancel.reason = StopReason::timeout;
  CHECK(text.line(cancel) == "   2.000s  async  b  cancelled in sleep:3s (timeout)");
  cancel.reason = StopReason::task_failed;
  CHECK(text.line(cancel) == "   2.000s  async  b  cancelled in sleep:3s (a task failed)");
}

TEST_CASE(
    "TextFormat ends a run with its failures and what held the loop up, no lateness when "
    "nothing slept") {
  Fixture f;
  {
    TextFormat text(*f.out, TextStyle{false, 1});
    RunFacts run{ClockKind::virtual_, 3, 3s, 1s, 1, 1};
    run.failed = 1;
    run.stopped_by = StopReason::timeout;
    run.failures.push_back(TaskFailure{"f", "fail:boom", "boom"});
    run.blocked_total = 500ms;
    run.blocked_max = 300ms;
    run.late_max = 210ms;
    run.queue_wait_max = 1s;
    TraceEvent end = event_of(EventKind::run_end, 1s, {}, Mode::async);
    end.run = &run;
    text.write(end);
    text.finish();
    f.out->flush();
  }
  CHECK(f.file.read() ==
        "   1.000s  async  -- timed out after 1.000s: 1 finished, 1 failed, 1 cancelled\n"
        "   1.000s  async  -- 3 tasks, 0 events; 0 loop iterations\n"
        "   1.000s  async  -- f failed in fail:boom: boom\n"
        "   1.000s  async  -- blocking calls held the loop 500ms in all, 300ms at most; longest "
        "wait for a pool thread 1s\n");
}

TEST_CASE("TextFormat names what ended a run: a failure that cancelled, or none when all ran") {
  Fixture f;
  const TextFormat text(*f.out, TextStyle{false, 1});
  RunFacts run{ClockKind::virtual_, 2, 2s, 1s, 0, 1};
  run.failed = 1;
  run.stopped_by = StopReason::task_failed;
  TraceEvent end = event_of(EventKind::run_end, 1s, {}, Mode::async);
  end.run = &run;
  CHECK(text.line(end) ==
        "   1.000s  async  -- failed after 1.000s: 0 finished, 1 failed, 1 cancelled");
  run = RunFacts{ClockKind::virtual_, 2, 2s, 2s, 1, 0};
  run.failed = 1;  // --on-error continue: the other task ran on
  end.t = 2s;
  CHECK(text.line(end) ==
        "   2.000s  async  -- finished after 2.000s: 1 finished, 1 failed, 0 cancelled");
}

namespace {

// The lines a sync and an async run of these facts end with, the comparison included.
std::string compared(RunFacts sync_run, RunFacts async_run) {
  Fixture f;
  {
    TextFormat text(*f.out, TextStyle{false, 3});
    for (auto [mode, run] :
         {std::pair{Mode::sync, &sync_run}, std::pair{Mode::async, &async_run}}) {
      TraceEvent end = event_of(EventKind::run_end, run->elapsed, {}, mode);
      end.run = run;
      text.write(end);
    }
    text.finish();
    f.out->flush();
  }
  return f.file.read();
}

}  // namespace

TEST_CASE("TextFormat says theory is unknown when the tasks fetch, in the summary and the table") {
  RunFacts sync_run{ClockKind::real, 2, 0s, 1018ms, 2, 0, 16};
  RunFacts async_run{ClockKind::real, 2, 0s, 502ms, 2, 0, 16};
  sync_run.waits.fetch = async_run.waits.fetch = true;
  CHECK(compared(sync_run, async_run) ==
        "   1.018s  sync   -- finished in 1.018s; theory: unknown (network)\n"
        "   1.018s  sync   -- 2 tasks, 16 events; no event loop\n"
        "   0.502s  async  -- finished in 0.502s; theory: unknown (network)\n"
        "   0.502s  async  -- 2 tasks, 16 events; 0 loop iterations\n"
        "\n"
        "              total    theory\n"
        "sync         1.018s   unknown  (network)\n"
        "async        0.502s   unknown  (network)\n"
        "speed-up      2.03x         -\n");
}

TEST_CASE("TextFormat compares runs whose tasks failed but ran to their end, and says so") {
  RunFacts sync_run{ClockKind::virtual_, 2, 3s, 3s, 1, 0, 12};
  RunFacts async_run{ClockKind::virtual_, 2, 2s, 2s, 1, 0, 12};
  sync_run.failed = async_run.failed = 1;
  sync_run.waits.sleep = async_run.waits.sleep = true;
  sync_run.peak_asleep = 1;
  async_run.peak_asleep = 2;
  const std::string text = compared(sync_run, async_run);
  CHECK(text.find("speed-up      1.50x     1.50x\n"
                  "(a failed task counts up to its failure: 1 failed in sync, 1 in async)\n") !=
        std::string::npos);
  async_run.cancelled = 1;  // a cancelled task did not run to its end: nothing to compare
  CHECK(compared(sync_run, async_run).find("speed-up") == std::string::npos);
}

TEST_CASE("TextFormat shows what a fetch received: JSON as JSON, cut where the preview ends") {
  Fixture f;
  const TextFormat text(*f.out, TextStyle{false, 3});
  TraceEvent done = event_of(EventKind::fetch_done, 502ms, "cat");
  done.text = "http://127.0.0.1:8080/cats/1";
  done.status = 200;
  done.bytes = 48;
  done.seconds = 502ms;
  done.body = "{\"id\":1,\"name\":\"Tom\",\"breed\":\"Siamese\",\"age\":8}\n";
  CHECK(text.line(done) ==
        "   0.502s  async  cat  fetched http://127.0.0.1:8080/cats/1: status 200, 48 bytes in "
        "0.502s: {\"id\":1,\"name\":\"Tom\",\"breed\":\"Siamese\",\"age\":8}");
  done.status = 404;
  done.bytes = 5000;
  done.body = "Not Found";
  CHECK(text.line(done).ends_with("status 404, 5000 bytes in 0.502s: \"Not Found…\""));
  done.bytes = 0;
  done.body = "";
  CHECK(text.line(done).ends_with("status 404, 0 bytes in 0.502s"));
}

TEST_CASE("a TextFormat without an output makes the same lines, for the page") {
  Fixture f;
  const TextFormat written(*f.out, TextStyle{false, 4});
  const TextFormat lines_only(TextStyle{false, 4});
  TraceEvent sleep = event_of(EventKind::sleep, 2s, "one");
  sleep.seconds = 1500ms;
  CHECK(lines_only.line(sleep) == written.line(sleep));
  CHECK(lines_only.line(sleep) == "   2.000s  async  one   sleeps for 1.5s");
}
