#include <doctest/doctest.h>

#include <vector>

#include "asyncdemo/trace/trace.hpp"

using namespace asyncdemo;

namespace {

// Keeps the kinds it was handed, reading only `mask`.
class KindSink final : public TraceSink {
 public:
  explicit KindSink(EventMask mask) : mask_(mask) {}
  void write(const TraceEvent& event) override { kinds.push_back(event.kind); }
  EventMask reads() const override { return mask_; }
  std::vector<EventKind> kinds;

 private:
  EventMask mask_;
};

TraceEvent of(EventKind kind) {
  TraceEvent event;
  event.kind = kind;
  return event;
}

}  // namespace

TEST_CASE("Trace hands an event only to the sinks that read its kind, and counts every event") {
  KindSink wakes(event_bit(EventKind::wake));
  KindSink everything(kEveryEvent);
  Trace trace;
  trace.add_sink(wakes);
  trace.add_sink(everything);
  trace.record(of(EventKind::sleep));
  trace.record(of(EventKind::wake));
  trace.count_unread();
  CHECK(wakes.kinds == std::vector<EventKind>{EventKind::wake});
  CHECK(everything.kinds == std::vector<EventKind>{EventKind::sleep, EventKind::wake});
  CHECK(trace.events() == 3);
}

TEST_CASE("Trace reads a kind while a sink that reads it is in the trace") {
  KindSink wakes(event_bit(EventKind::wake));
  KindSink ends(event_bit(EventKind::end));
  Trace trace;
  CHECK_FALSE(trace.reads(EventKind::wake));
  trace.add_sink(wakes);
  trace.add_sink(ends);
  CHECK(trace.reads(EventKind::wake));
  CHECK(trace.reads(EventKind::end));
  CHECK_FALSE(trace.reads(EventKind::start));
  trace.remove_sink(wakes);
  CHECK_FALSE(trace.reads(EventKind::wake));
  CHECK(trace.reads(EventKind::end));
}
