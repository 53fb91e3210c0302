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
