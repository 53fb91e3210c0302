#include <doctest/doctest.h>

#include "asyncdemo/formats/csv_format.hpp"
#include "support/trace_events.hpp"

using namespace asyncdemo;
using testing::event_of;
using namespace std::chrono_literals;

TEST_CASE("CsvFormat::field quotes commas, quotes and line breaks as RFC 4180 asks") {
  CHECK(CsvFormat::field("plain") == "plain");
  CHECK(CsvFormat::field("") == "");
  CHECK(CsvFormat::field("a,b") == "\"a,b\"");
  CHECK(CsvFormat::field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvFormat::field("two\nlines") == "\"two\nlines\"");
  CHECK(CsvFormat::field("cr\rlf") == "\"cr\rlf\"");
  CHECK(CsvFormat::field(" padded ") == "\" padded \"");
}

TEST_CASE("CsvFormat has a header with the JSON-lines field names") {
  CHECK(CsvFormat::header() ==
        "t,mode,event,task,text,at,seconds,late,clock,tasks,theory,elapsed,finished,cancelled,"
        "events,late_p50,late_p99,late_max,peak_asleep,loop_iterations,reason,held,waited,worker,"
        "message,failed,stopped_by,blocked_total,blocked_max,queue_wait_max,url,address,status,"
        "bytes,waiting_for,waits,threads,body,on,child,target,item,from,holders,size,woken");
}

TEST_CASE("CsvFormat rows carry the same values as the JSON lines, empty where absent") {
  TraceEvent print = event_of(EventKind::print, 1000512us, "one");
  print.text = "hello, \"world\"\nbye";
  CHECK(CsvFormat::row(print) ==
        "1.000512,async,print,one,\"hello, "
        "\"\"world\"\"\nbye\",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent sleep = event_of(EventKind::sleep, 0s, "one");
  sleep.seconds = 1500ms;
  CHECK(CsvFormat::row(sleep) ==
        "0.000000,async,sleep,one,,,1.500000,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent wake = event_of(EventKind::wake, 1501ms, "one");
  wake.late = 1ms;
  CHECK(CsvFormat::row(wake) ==
        "1.501000,async,wake,one,,,,0.001000,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent cancel = event_of(EventKind::cancel, 2s, "one");
  cancel.at = "print:a,b";
  CHECK(CsvFormat::row(cancel) ==
        "2.000000,async,cancel,one,,\"print:a,b\",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
  RunFacts facts{ClockKind::virtual_, 2, 2s, 2s, 2, 0, 14, 1ms, 2ms, 3ms, 2, 3};
  TraceEvent run_start = event_of(EventKind::run_start, 0s);
  run_start.run = &facts;
  CHECK(CsvFormat::row(run_start) ==
        "0.000000,async,run_start,,,,,,virtual,2,2.000000,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent run_end = event_of(EventKind::run_end, 2s);
  run_end.run = &facts;
  CHECK(CsvFormat::row(run_end) ==
        "2.000000,async,run_end,,,,,,virtual,2,2.000000,2.000000,2,0,14,0.001000,"
        "0.002000,0.003000,2,3,,,,,,0,,0.000000,0.000000,0.000000,,,,,,,,,,,,,,,,");
}

TEST_CASE("CsvFormat rows of blocking calls, pool work, failures and cancel reasons") {
  TraceEvent unblock = event_of(EventKind::unblock, 300ms, "a");
  unblock.held = 300ms;
  CHECK(CsvFormat::row(unblock) ==
        "0.300000,async,unblock,a,,,,,,,,,,,,,,,,,,0.300000,,,,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent started = event_of(EventKind::work_start, 1s, "w");
  started.waited = 1s;
  started.worker = 2;
  CHECK(CsvFormat::row(started) ==
        "1.000000,async,work_start,w,,,,,,,,,,,,,,,,,,,1.000000,2,,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent failed = event_of(EventKind::fail, 1s, "f");
  failed.at = "fail:boom";
  failed.text = "boom";
  CHECK(CsvFormat::row(failed) ==
        "1.000000,async,fail,f,,fail:boom,,,,,,,,,,,,,,,,,,,boom,,,,,,,,,,,,,,,,,,,,,");
  TraceEvent cancel = event_of(EventKind::cancel, 1s, "b");
  cancel.at = "sleep:2s";
  cancel.reason = StopReason::timeout;
  CHECK(CsvFormat::row(cancel) ==
        "1.000000,async,cancel,b,,sleep:2s,,,,,,,,,,,,,,,timeout,,,,,,,,,,,,,,,,,,,,,,,,,");
}

TEST_CASE("CsvFormat rows of the fetch events and of a run stopped early") {
  TraceEvent done = event_of(EventKind::fetch_done, 1s, "f");
  done.text = "http://x/?a,b";
  done.status = 200;
  done.bytes = 5;
  done.seconds = 250ms;
  CHECK(CsvFormat::row(done) ==
        "1.000000,async,fetch_done,f,,,0.250000,,,,,,,,,,,,,,,,,,,,,,,,\"http://x/"
        "?a,b\",,200,5,,,,,,,,,,,,");
  TraceEvent resolved = event_of(EventKind::fetch_resolved, 0s, "f");
  resolved.text = "http://x/";
  resolved.at = "127.0.0.1:80";
  CHECK(CsvFormat::row(resolved) ==
        "0.000000,async,fetch_resolved,f,,,0.000000,,,,,,,,,,,,,,,,,,,,,,,,http://x/"
        ",127.0.0.1:80,,,,,,,,,,,,,,");
  RunFacts facts{ClockKind::real, 3, 3s, 1s, 0, 2};
  facts.failed = 1;
  facts.stopped_by = StopReason::timeout;
  TraceEvent run_end = event_of(EventKind::run_end, 1s);
  run_end.run = &facts;
  CHECK(CsvFormat::row(run_end) ==
        "1.000000,async,run_end,,,,,,real,3,3.000000,1.000000,0,2,0,0.000000,0.000000,0.000000,0,"
        "0,,,,,,1,timeout,0.000000,0.000000,0.000000,,,,,,,,,,,,,,,,");
}

TEST_CASE("CsvFormat rows say what the tasks wait on, the pool, and what a fetch received") {
  RunFacts facts{ClockKind::virtual_, 8, 2s};
  facts.waits = Waits{true, false, true, false};
  facts.threads = 4;
  TraceEvent run_start = event_of(EventKind::run_start, 0s);
  run_start.run = &facts;
  CHECK(CsvFormat::row(run_start) ==
        "0.000000,async,run_start,,,,,,virtual,8,2.000000,,,,,,,,,,,,,,,,,,,,,,,,,\"sleep,work\",4,"
        ",,,,,,,,");
  TraceEvent done = event_of(EventKind::fetch_done, 1s, "f");
  done.text = "http://x/";
  done.status = 200;
  done.bytes = 9;
  done.body = "{\"id\":1}\n";
  CHECK(CsvFormat::row(done).ends_with(",http://x/,,200,9,,,,\"{\"\"id\"\":1}\n\",,,,,,,,"));
}
