#include <doctest/doctest.h>

#include "asyncdemo/trace/quiet_filter.hpp"
#include "asyncdemo/trace/trace.hpp"
#include "support/recording_sink.hpp"

using namespace asyncdemo;

TEST_CASE("QuietFilter passes on only run_start and run_end") {
  testing::RecordingSink inner;
  QuietFilter quiet(inner);
  Trace trace;
  trace.add_sink(quiet);
  RunFacts run;
  for (EventKind kind : {EventKind::run_start, EventKind::start, EventKind::print, EventKind::sleep,
                         EventKind::wake, EventKind::end, EventKind::cancel, EventKind::run_end}) {
    TraceEvent event;
    event.kind = kind;
    event.task = "a";
    event.run = &run;
    trace.record(event);
  }
  REQUIRE(inner.lines.size() == 2);
  CHECK(inner.lines[0].find("run_start") != std::string::npos);
  CHECK(inner.lines[1].find("run_end") != std::string::npos);
  CHECK(trace.events() == 8);
}
