#include <doctest/doctest.h>

#include "asyncdemo/trace/jsonl_format.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

TraceEvent event_of(EventKind kind, Duration t, std::string_view task = {}) {
  TraceEvent event;
  event.kind = kind;
  event.t = t;
  event.mode = Mode::sync;
  event.task = task;
  return event;
}

}  // namespace

TEST_CASE("JsonLinesFormat writes the documented fields of each event") {
  CHECK(JsonLinesFormat::line(event_of(EventKind::start, 0s, "one")) ==
        R"({"t":0.000000,"mode":"sync","event":"start","task":"one"})");
  TraceEvent print = event_of(EventKind::print, 1000512us, "one");
  print.text = "hi";
  CHECK(JsonLinesFormat::line(print) ==
        R"({"t":1.000512,"mode":"sync","event":"print","task":"one","text":"hi"})");
  TraceEvent sleep = event_of(EventKind::sleep, 1s, "one");
  sleep.seconds = 1500ms;
  CHECK(JsonLinesFormat::line(sleep) ==
        R"({"t":1.000000,"mode":"sync","event":"sleep","task":"one","seconds":1.500000})");
  TraceEvent wake = event_of(EventKind::wake, 2501ms, "one");
  wake.late = 1ms;
  CHECK(JsonLinesFormat::line(wake) ==
        R"({"t":2.501000,"mode":"sync","event":"wake","task":"one","late":0.001000})");
  CHECK(JsonLinesFormat::line(event_of(EventKind::end, 3s, "one")) ==
        R"({"t":3.000000,"mode":"sync","event":"end","task":"one"})");
  TraceEvent cancel = event_of(EventKind::cancel, 3s, "one");
  cancel.at = "sleep:2s";
  CHECK(JsonLinesFormat::line(cancel) ==
        R"({"t":3.000000,"mode":"sync","event":"cancel","task":"one","at":"sleep:2s"})");
}

TEST_CASE("JsonLinesFormat puts the run's facts on run_start and run_end") {
  RunFacts run{ClockKind::virtual_, 2, 3s, 3s, 1, 1, 12, 1ms, 2ms, 3ms, 2, 5};
  TraceEvent start = event_of(EventKind::run_start, 0s);
  start.run = &run;
  CHECK(
      JsonLinesFormat::line(start) ==
      R"({"t":0.000000,"mode":"sync","event":"run_start","clock":"virtual","tasks":2,"theory":3.000000})");
  TraceEvent end = event_of(EventKind::run_end, 3s);
  end.run = &run;
  CHECK(
      JsonLinesFormat::line(end) ==
      R"({"t":3.000000,"mode":"sync","event":"run_end","elapsed":3.000000,"clock":"virtual","tasks":2,"finished":1,"cancelled":1,"theory":3.000000,"events":12,"late_p50":0.001000,"late_p99":0.002000,"late_max":0.003000,"peak_asleep":2,"loop_iterations":5})");
}

TEST_CASE("JsonLinesFormat escapes the text of a print") {
  TraceEvent print = event_of(EventKind::print, 0s, "a");
  print.text = "say \"hi\"\\\n\x01 caf\xc3\xa9";
  CHECK(
      JsonLinesFormat::line(print) ==
      R"({"t":0.000000,"mode":"sync","event":"print","task":"a","text":"say \"hi\"\\\n\u0001 café"})");
}
