#include <doctest/doctest.h>

#include "asyncdemo/formats/jsonl_format.hpp"
#include "support/trace_events.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

TraceEvent sync_event_of(EventKind kind, Duration t, std::string_view task = {}) {
  return testing::event_of(kind, t, task, Mode::sync);
}

}  // namespace

TEST_CASE("JsonLinesFormat writes the documented fields of each event") {
  CHECK(JsonLinesFormat::line(sync_event_of(EventKind::start, 0s, "one")) ==
        R"({"t":0.000000,"mode":"sync","event":"start","task":"one"})");
  TraceEvent print = sync_event_of(EventKind::print, 1000512us, "one");
  print.text = "hi";
  CHECK(JsonLinesFormat::line(print) ==
        R"({"t":1.000512,"mode":"sync","event":"print","task":"one","text":"hi"})");
  TraceEvent sleep = sync_event_of(EventKind::sleep, 1s, "one");
  sleep.seconds = 1500ms;
  CHECK(JsonLinesFormat::line(sleep) ==
        R"({"t":1.000000,"mode":"sync","event":"sleep","task":"one","seconds":1.500000})");
  TraceEvent wake = sync_event_of(EventKind::wake, 2501ms, "one");
  wake.late = 1ms;
  CHECK(JsonLinesFormat::line(wake) ==
        R"({"t":2.501000,"mode":"sync","event":"wake","task":"one","late":0.001000})");
  CHECK(JsonLinesFormat::line(sync_event_of(EventKind::end, 3s, "one")) ==
        R"({"t":3.000000,"mode":"sync","event":"end","task":"one"})");
  TraceEvent cancel = sync_event_of(EventKind::cancel, 3s, "one");
  cancel.at = "sleep:2s";
  CHECK(JsonLinesFormat::line(cancel) ==
        R"({"t":3.000000,"mode":"sync","event":"cancel","task":"one","at":"sleep:2s"})");
}

TEST_CASE("JsonLinesFormat puts the run's facts on run_start and run_end") {
  RunFacts run{ClockKind::virtual_, 2, 3s, 3s, 1, 1, 12, 1ms, 2ms, 3ms, 2, 5};
  TraceEvent start = sync_event_of(EventKind::run_start, 0s);
  start.run = &run;
  CHECK(
      JsonLinesFormat::line(start) ==
      R"({"t":0.000000,"mode":"sync","event":"run_start","clock":"virtual","tasks":2,"theory":3.000000})");
  TraceEvent end = sync_event_of(EventKind::run_end, 3s);
  end.run = &run;
  CHECK(
      JsonLinesFormat::line(end) ==
      R"({"t":3.000000,"mode":"sync","event":"run_end","elapsed":3.000000,"clock":"virtual","tasks":2,"finished":1,"cancelled":1,"theory":3.000000,"events":12,"late_p50":0.001000,"late_p99":0.002000,"late_max":0.003000,"peak_asleep":2,"loop_iterations":5,"failed":0,"blocked_total":0.000000,"blocked_max":0.000000,"queue_wait_max":0.000000})");
}

TEST_CASE("JsonLinesFormat escapes the text of a print") {
  TraceEvent print = sync_event_of(EventKind::print, 0s, "a");
  print.text = "say \"hi\"\\\n\x01 caf\xc3\xa9";
  CHECK(
      JsonLinesFormat::line(print) ==
      R"({"t":0.000000,"mode":"sync","event":"print","task":"a","text":"say \"hi\"\\\n\u0001 café"})");
}

TEST_CASE("JsonLinesFormat writes the fields of blocking, pool work, failures and cancel reasons") {
  TraceEvent block = sync_event_of(EventKind::block, 0s, "a");
  block.seconds = 300ms;
  CHECK(JsonLinesFormat::line(block) ==
        R"({"t":0.000000,"mode":"sync","event":"block","task":"a","seconds":0.300000})");
  TraceEvent unblock = sync_event_of(EventKind::unblock, 300ms, "a");
  unblock.held = 300ms;
  CHECK(JsonLinesFormat::line(unblock) ==
        R"({"t":0.300000,"mode":"sync","event":"unblock","task":"a","held":0.300000})");
  TraceEvent queued = sync_event_of(EventKind::work_queue, 0s, "w");
  queued.seconds = 1s;
  CHECK(JsonLinesFormat::line(queued) ==
        R"({"t":0.000000,"mode":"sync","event":"work_queue","task":"w","seconds":1.000000})");
  TraceEvent started = sync_event_of(EventKind::work_start, 1s, "w");
  started.waited = 1s;
  started.worker = 3;
  CHECK(
      JsonLinesFormat::line(started) ==
      R"({"t":1.000000,"mode":"sync","event":"work_start","task":"w","waited":1.000000,"worker":3})");
  TraceEvent ended = sync_event_of(EventKind::work_end, 2s, "w");
  ended.late = 1ms;
  ended.worker = 3;
  CHECK(JsonLinesFormat::line(ended) ==
        R"({"t":2.000000,"mode":"sync","event":"work_end","task":"w","late":0.001000,"worker":3})");
  TraceEvent failed = sync_event_of(EventKind::fail, 2s, "f");
  failed.at = "fail:boom";
  failed.text = "boom";
  CHECK(
      JsonLinesFormat::line(failed) ==
      R"({"t":2.000000,"mode":"sync","event":"fail","task":"f","at":"fail:boom","message":"boom"})");
  TraceEvent cancel = sync_event_of(EventKind::cancel, 2s, "b");
  cancel.at = "sleep:3s";
  cancel.reason = StopReason::timeout;
  CHECK(
      JsonLinesFormat::line(cancel) ==
      R"({"t":2.000000,"mode":"sync","event":"cancel","task":"b","at":"sleep:3s","reason":"timeout"})");
}

TEST_CASE("JsonLinesFormat ends a stopped run with the failures, the cause and the loop's health") {
  RunFacts run{ClockKind::virtual_, 3, 3s, 1s, 0, 2};
  run.failed = 1;
  run.stopped_by = StopReason::task_failed;
  run.blocked_total = 500ms;
  run.blocked_max = 300ms;
  run.late_max = 210ms;
  run.queue_wait_max = 1s;
  TraceEvent end = sync_event_of(EventKind::run_end, 1s);
  end.run = &run;
  CHECK(
      JsonLinesFormat::line(end) ==
      R"({"t":1.000000,"mode":"sync","event":"run_end","elapsed":1.000000,"clock":"virtual","tasks":3,"finished":0,"cancelled":2,"theory":3.000000,"events":0,"late_p50":0.000000,"late_p99":0.000000,"late_max":0.210000,"peak_asleep":0,"loop_iterations":0,"failed":1,"stopped_by":"failure","blocked_total":0.500000,"blocked_max":0.300000,"queue_wait_max":1.000000})");
}

TEST_CASE("JsonLinesFormat says what the tasks wait on and the pool size theory counted") {
  RunFacts run{ClockKind::virtual_, 8, 2s};
  run.waits.work = true;
  run.threads = 4;
  TraceEvent start = testing::event_of(EventKind::run_start, 0s);
  start.run = &run;
  CHECK(
      JsonLinesFormat::line(start) ==
      R"({"t":0.000000,"mode":"async","event":"run_start","clock":"virtual","tasks":8,"theory":2.000000,"waits":"work","threads":4})");
  run = RunFacts{ClockKind::real, 1};
  run.waits.fetch = true;
  CHECK(
      JsonLinesFormat::line(start) ==
      R"({"t":0.000000,"mode":"async","event":"run_start","clock":"real","tasks":1,"theory":0.000000,"waits":"fetch"})");
}

TEST_CASE("JsonLinesFormat records what a fetch received and how long its lookup took") {
  TraceEvent resolved = testing::event_of(EventKind::fetch_resolved, 9ms, "cat");
  resolved.text = "http://h/";
  resolved.at = "127.0.0.1:80";
  resolved.seconds = 8ms;
  CHECK(
      JsonLinesFormat::line(resolved) ==
      R"({"t":0.009000,"mode":"async","event":"fetch_resolved","task":"cat","url":"http://h/","address":"127.0.0.1:80","seconds":0.008000})");
  TraceEvent done = testing::event_of(EventKind::fetch_done, 500ms, "cat");
  done.text = "http://h/";
  done.status = 200;
  done.bytes = 9;
  done.seconds = 499ms;
  done.body = "{\"id\":1}\n";
  CHECK(
      JsonLinesFormat::line(done) ==
      R"({"t":0.500000,"mode":"async","event":"fetch_done","task":"cat","url":"http://h/","status":200,"bytes":9,"seconds":0.499000,"body":"{\"id\":1}\n"})");
}

TEST_CASE("JsonLinesFormat writes the fetch events' fields") {
  TraceEvent resolved = sync_event_of(EventKind::fetch_resolved, 0s, "f");
  resolved.text = "http://localhost:8080/cats/1";
  resolved.at = "127.0.0.1:8080";
  CHECK(
      JsonLinesFormat::line(resolved) ==
      R"({"t":0.000000,"mode":"sync","event":"fetch_resolved","task":"f","url":"http://localhost:8080/cats/1","address":"127.0.0.1:8080","seconds":0.000000})");
  TraceEvent connected = resolved;
  connected.kind = EventKind::fetch_connected;
  CHECK(
      JsonLinesFormat::line(connected) ==
      R"({"t":0.000000,"mode":"sync","event":"fetch_connected","task":"f","url":"http://localhost:8080/cats/1","address":"127.0.0.1:8080"})");
  TraceEvent sent = sync_event_of(EventKind::fetch_sent, 1ms, "f");
  sent.text = "http://x/";
  sent.bytes = 57;
  CHECK(
      JsonLinesFormat::line(sent) ==
      R"({"t":0.001000,"mode":"sync","event":"fetch_sent","task":"f","url":"http://x/","bytes":57})");
  TraceEvent first_byte = sync_event_of(EventKind::fetch_first_byte, 2ms, "f");
  first_byte.text = "http://x/";
  first_byte.seconds = 1500us;
  CHECK(
      JsonLinesFormat::line(first_byte) ==
      R"({"t":0.002000,"mode":"sync","event":"fetch_first_byte","task":"f","url":"http://x/","seconds":0.001500})");
  TraceEvent done = sync_event_of(EventKind::fetch_done, 3ms, "f");
  done.text = "http://x/";
  done.status = 200;
  done.bytes = 5;
  done.seconds = 2500us;
  CHECK(
      JsonLinesFormat::line(done) ==
      R"({"t":0.003000,"mode":"sync","event":"fetch_done","task":"f","url":"http://x/","status":200,"bytes":5,"seconds":0.002500})");
}

TEST_CASE("JsonLinesFormat leaves out a cancel's step and reason, and a worker, when unset") {
  CHECK(JsonLinesFormat::line(sync_event_of(EventKind::cancel, 0s, "a")) ==
        R"({"t":0.000000,"mode":"sync","event":"cancel","task":"a"})");
  TraceEvent started = sync_event_of(EventKind::work_start, 0s, "w");
  CHECK(JsonLinesFormat::line(started) ==
        R"({"t":0.000000,"mode":"sync","event":"work_start","task":"w","waited":0.000000})");
}
