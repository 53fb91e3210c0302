#include <doctest/doctest.h>

#include "asyncdemo/trace/lateness.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

TraceEvent wake(Duration late) {
  TraceEvent event;
  event.kind = EventKind::wake;
  event.late = late;
  return event;
}

}  // namespace

TEST_CASE("LatenessSink reports nearest-rank percentiles of the wakes") {
  LatenessSink sink;
  for (int i = 100; i >= 1; --i) sink.write(wake(std::chrono::microseconds(i)));
  TraceEvent other;
  other.kind = EventKind::sleep;
  other.late = 1h;  // only wakes count
  sink.write(other);
  const LatenessSummary summary = sink.summarize();
  CHECK(summary.p50 == 50us);
  CHECK(summary.p99 == 99us);
  CHECK(summary.max == 100us);
}

TEST_CASE("LatenessSink reports zeros when nothing woke, and the one value when one did") {
  LatenessSink none;
  CHECK(none.summarize().max == 0s);
  LatenessSink one;
  one.write(wake(3ms));
  const LatenessSummary summary = one.summarize();
  CHECK(summary.p50 == 3ms);
  CHECK(summary.p99 == 3ms);
  CHECK(summary.max == 3ms);
}

TEST_CASE("LatenessSink percentiles round to the microsecond as the trace prints them") {
  LatenessSink sink;
  sink.write(wake(109400ns));  // printed 0.109ms
  sink.write(wake(109400ns));
  sink.write(wake(109600ns));  // printed 0.110ms
  sink.write(wake(200us));
  CHECK(sink.summarize().p50 == 109us);
  sink.write(wake(109600ns));
  sink.write(wake(109700ns));
  const LatenessSummary summary = sink.summarize();
  CHECK(summary.p50 == 110us);
  CHECK(summary.max == 200us);
  LatenessSink capped;
  capped.write(wake(109700ns));
  CHECK(capped.summarize().p99 == 109700ns);  // never above the exact maximum
}

TEST_CASE("LatenessSink counts wakes far apart, from on time to hours late") {
  LatenessSink sink;
  for (int i = 0; i < 98; ++i) sink.write(wake(0s));
  sink.write(wake(2h));
  sink.write(wake(5ms));
  const LatenessSummary summary = sink.summarize();
  CHECK(summary.p50 == 0s);
  CHECK(summary.p99 == 5ms);
  CHECK(summary.max == 2h);
}
