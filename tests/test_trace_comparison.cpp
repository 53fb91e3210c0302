#include "asyncdemo/check/trace_comparison.hpp"

#include <doctest/doctest.h>

#include "support/storing_sink.hpp"
#include "support/text.hpp"
#include "support/trace_events.hpp"

namespace {

using namespace std::chrono_literals;
using asyncdemo::compare_traces;
using asyncdemo::compared_events;
using asyncdemo::ComparedEvent;
using asyncdemo::ComparisonRules;
using asyncdemo::Duration;
using asyncdemo::EventKind;
using asyncdemo::Mode;
using asyncdemo::StopReason;
using asyncdemo::StoredEvent;
using asyncdemo::TraceEvent;
using asyncdemo::testing::contains;
using asyncdemo::testing::event_of;
using asyncdemo::testing::scenario_of;
using asyncdemo::testing::virtual_events;

// An event as compared_events() makes one: `what` is what must match besides the task.
ComparedEvent at(Duration t, const char* task, const char* what, bool from_outside = false) {
  ComparedEvent event;
  event.t = t;
  event.task = task;
  event.shown = what;
  event.key = std::string(task) + "\n" + what;
  event.from_outside = from_outside;
  event.cancel = std::string_view(what).rfind("cancel", 0) == 0;
  return event;
}

const ComparisonRules kStrict{50ms, false};
const ComparisonRules kOwnOrder{50ms, true};

}  // namespace

TEST_CASE("compared_events keeps task events with the fields a program controls") {
  const auto events =
      compared_events(virtual_events(scenario_of({"a=print:hi,sleep:250ms"}), Mode::async));
  REQUIRE(events.size() == 5);  // no run_start, no run_end
  CHECK(events[1].shown == "print \"hi\"");
  CHECK(events[2].shown == "sleep 250ms");
  CHECK(events[3].shown == "wake");
  CHECK(events[3].t == 250ms);
  CHECK(events[4].task == "a");
}

TEST_CASE("compared_events reads a step written as a number of seconds in its normal form") {
  TraceEvent cancelled = event_of(EventKind::cancel, 1s, "a");
  cancelled.at = "sleep:0.25";
  cancelled.reason = StopReason::timeout;
  TraceEvent tiny = cancelled;
  tiny.at = "work:1e-05";
  TraceEvent failed = event_of(EventKind::fail, 1s, "b");
  failed.at = "fetch:http://127.0.0.1:9/";
  failed.text = "Cannot connect to host 127.0.0.1:9";
  const std::vector stored{StoredEvent::copy(cancelled), StoredEvent::copy(tiny),
                           StoredEvent::copy(failed)};
  const auto events = compared_events(stored);
  REQUIRE(events.size() == 3);
  CHECK(events[0].shown == "cancel at sleep:250ms (timeout)");
  CHECK(events[0].cancel);
  CHECK(events[1].shown == "cancel at work:10us (timeout)");
  // A network failure's message is each library's own: only where it failed is compared.
  CHECK(events[2].shown == "fail at fetch:http://127.0.0.1:9/");
}

TEST_CASE("compare_traces agrees on the same events a little later") {
  const std::vector ours{at(0ms, "a", "start"), at(100ms, "a", "wake"), at(100ms, "a", "end")};
  const std::vector theirs{at(2ms, "a", "start"), at(103ms, "a", "wake"), at(104ms, "a", "end")};
  const auto result = compare_traces(ours, theirs, kStrict);
  CHECK(result.agree);
  CHECK(result.reordered.empty());
  CHECK(result.most_apart == 2ms);
}

TEST_CASE("compare_traces names the first event that differs") {
  const std::vector ours{at(0ms, "a", "start"), at(0ms, "a", "print \"x\""), at(0ms, "a", "end")};
  const std::vector theirs{at(0ms, "a", "start"), at(0ms, "a", "print \"y\""), at(0ms, "a", "end")};
  const auto result = compare_traces(ours, theirs, kStrict);
  CHECK_FALSE(result.agree);
  CHECK(result.difference_row == 1);
  CHECK(contains(result.difference, "asyncdemo has a print \"x\""));
  CHECK(contains(result.difference, "the program has a print \"y\""));
}

TEST_CASE("compare_traces keeps asyncio's order within an instant, but cancellations are a set") {
  const std::vector ours{at(0ms, "a", "start"), at(0ms, "b", "start")};
  const std::vector swapped{at(0ms, "b", "start"), at(0ms, "a", "start")};
  CHECK_FALSE(compare_traces(ours, swapped, kStrict).agree);

  const std::vector cancels{at(1s, "a", "cancel at sleep:2s (timeout)"),
                            at(1s, "b", "cancel at sleep:2s (timeout)")};
  const std::vector other{cancels[1], cancels[0]};
  const auto result = compare_traces(cancels, other, kStrict);
  CHECK(result.agree);
  CHECK(result.reordered.size() == 2);
}

TEST_CASE("compare_traces compares an instant as a set where the language has its own order") {
  const std::vector ours{at(0ms, "a", "start"), at(0ms, "a", "sleep 1s"), at(0ms, "b", "start")};
  const std::vector theirs{at(0ms, "b", "start"), at(0ms, "a", "start"), at(0ms, "a", "sleep 1s")};
  CHECK(compare_traces(ours, theirs, kOwnOrder).agree);
  // Each task's own events still keep their order.
  const std::vector turned{at(0ms, "b", "start"), at(0ms, "a", "sleep 1s"), at(0ms, "a", "start")};
  const auto result = compare_traces(ours, turned, kOwnOrder);
  CHECK_FALSE(result.agree);
  CHECK(contains(result.difference, "a's events at 0.000s in another order"));
}

TEST_CASE("compare_traces compares an instant with a pool thread's event as a set, and says why") {
  const std::vector ours{at(1s, "a", "work_end", true), at(1s, "b", "wake")};
  const std::vector theirs{at(1s, "b", "wake"), at(1s, "a", "work_end", true)};
  CHECK(compare_traces(ours, theirs, kStrict).agree);
  const std::vector missing{at(1s, "b", "wake")};
  const auto result = compare_traces(ours, missing, kStrict);
  CHECK_FALSE(result.agree);
  CHECK(contains(result.difference, "asyncdemo has a work_end at 1.000s, the program does not"));
  CHECK(contains(result.difference, "in real time, which comes first is a race"));
}

TEST_CASE("compare_traces keeps the instants in order, even where each is a set") {
  const std::vector ours{at(0ms, "a", "start"), at(100ms, "b", "start")};
  const std::vector theirs{at(0ms, "b", "start"), at(100ms, "a", "start")};
  const auto result = compare_traces(ours, theirs, kOwnOrder);
  CHECK_FALSE(result.agree);
  CHECK(result.difference_row == 0);
  CHECK(contains(result.difference, "asyncdemo has a start at 0.000s, the program has b start"));
}

TEST_CASE("compare_traces allows the tolerance from the start or from the instant before") {
  const std::vector ours{at(0ms, "a", "start"), at(100ms, "a", "wake"), at(200ms, "a", "wake")};
  // 60ms late, and the next wake 100ms after it: late from the start, on time since the last.
  const std::vector late{at(0ms, "a", "start"), at(160ms, "a", "wake"), at(260ms, "a", "wake")};
  const auto result = compare_traces(ours, late, kStrict);
  CHECK_FALSE(result.agree);
  CHECK(result.difference_row == 1);
  CHECK(contains(result.difference, "60ms apart, more than the tolerance of 50ms"));
  CHECK(compare_traces(ours, late, ComparisonRules{70ms, false}).agree);
  const std::vector drift{at(0ms, "a", "start"), at(140ms, "a", "wake"), at(280ms, "a", "wake")};
  CHECK(compare_traces(ours, drift, kStrict).agree);  // 40ms each time, 80ms in all
}

TEST_CASE("compare_traces counts times from each trace's first event") {
  const std::vector ours{at(0ms, "a", "start"), at(100ms, "a", "wake")};
  const std::vector theirs{at(300ms, "a", "start"), at(401ms, "a", "wake")};
  CHECK(compare_traces(ours, theirs, kStrict).agree);
}

TEST_CASE("compare_traces notices a trace that ends early or goes on") {
  const std::vector ours{at(0ms, "a", "start"), at(0ms, "a", "end")};
  const std::vector shorter{at(0ms, "a", "start")};
  const auto ended = compare_traces(ours, shorter, kStrict);
  CHECK_FALSE(ended.agree);
  CHECK(ended.difference_row == 1);
  CHECK(contains(ended.difference, "the program's trace has ended"));
  const std::vector longer{at(0ms, "a", "start"), at(0ms, "a", "end"), at(0ms, "b", "start")};
  const auto more = compare_traces(ours, longer, kStrict);
  CHECK_FALSE(more.agree);
  CHECK(contains(more.difference, "after asyncdemo's last event"));
}
