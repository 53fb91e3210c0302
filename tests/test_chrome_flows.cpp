#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "asyncdemo/formats/chrome_flows.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

TraceEvent event(EventKind kind, Duration t, std::string_view task, std::string_view on = {},
                 std::string_view other = {}, std::string_view text = {}) {
  TraceEvent e;
  e.kind = kind;
  e.t = t;
  e.task = task;
  e.on = on;
  e.other = other;
  e.text = text;
  return e;
}

// "0.500000 a releases db -> 1.000000 b holds db", or "none".
std::string arrow(const std::optional<Flow>& flow) {
  if (!flow) return "none";
  return format_seconds(flow->from_t) + " " + flow->from + " -> " + format_seconds(flow->to_t) +
         " " + flow->to;
}

}  // namespace

TEST_CASE("an arrow goes from a release to the acquire it let through") {
  ChromeFlows flows;
  CHECK(arrow(flows.add(event(EventKind::release, 1s, "a", "db"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::acquired, 1s, "b", "db", "a"))) ==
        "1.000000 a releases db -> 1.000000 b holds db");
}

TEST_CASE("an acquire that found a free slot, or names no release seen, has no arrow") {
  ChromeFlows flows;
  CHECK(arrow(flows.add(event(EventKind::acquired, 0s, "a", "db"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::release, 1s, "a", "db"))) == "none");
  // Released by a, but a's release of another limit is no arrow into this one.
  CHECK(arrow(flows.add(event(EventKind::acquired, 1s, "b", "cache", "a"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::acquired, 1s, "b", "db", "c"))) == "none");
}

TEST_CASE("the arrow into an acquire starts at the latest release of that task") {
  ChromeFlows flows;
  flows.add(event(EventKind::release, 1s, "a", "db"));
  flows.add(event(EventKind::release, 3s, "a", "db"));
  CHECK(arrow(flows.add(event(EventKind::acquired, 3s, "b", "db", "a"))) ==
        "3.000000 a releases db -> 3.000000 b holds db");
}

TEST_CASE("an arrow goes from each put to the get that took that item, in the order put") {
  ChromeFlows flows;
  CHECK(arrow(flows.add(event(EventKind::queued, 0s, "p", "jobs", {}, "x"))) == "none");
  flows.add(event(EventKind::queued, 1s, "p", "jobs", {}, "y"));
  flows.add(event(EventKind::queued, 1s, "q", "jobs", {}, "z"));
  CHECK(arrow(flows.add(event(EventKind::got, 2s, "c1", "jobs", "p", "x"))) ==
        "0.000000 p puts \"x\" into jobs -> 2.000000 c1 gets \"x\" from jobs");
  CHECK(arrow(flows.add(event(EventKind::got, 2s, "c2", "jobs", "q", "z"))) ==
        "1.000000 q puts \"z\" into jobs -> 2.000000 c2 gets \"z\" from jobs");
  CHECK(arrow(flows.add(event(EventKind::got, 3s, "c1", "jobs", "p", "y"))) ==
        "1.000000 p puts \"y\" into jobs -> 3.000000 c1 gets \"y\" from jobs");
  // Every item of p was taken already: nothing to point from.
  CHECK(arrow(flows.add(event(EventKind::got, 4s, "c1", "jobs", "p", "w"))) == "none");
}

TEST_CASE("an arrow goes from a set to each task it woke, and none to a task that did not wait") {
  ChromeFlows flows;
  CHECK(arrow(flows.add(event(EventKind::set, 1s, "s", "go"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::woken, 1s, "w1", "go", "s"))) ==
        "1.000000 s sets go -> 1.000000 w1 sees go set");
  CHECK(arrow(flows.add(event(EventKind::woken, 1s, "w2", "go", "s"))) ==
        "1.000000 s sets go -> 1.000000 w2 sees go set");
  CHECK(arrow(flows.add(event(EventKind::woken, 2s, "w3", "go"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::woken, 2s, "w4", "stop", "s"))) == "none");
}

TEST_CASE("an arrow goes from a task's end, failure or cancel to each task that awaited it") {
  ChromeFlows flows;
  flows.add(event(EventKind::end, 1s, "b"));
  CHECK(arrow(flows.add(event(EventKind::awaited, 1s, "a", {}, "b"))) ==
        "1.000000 b ends -> 1.000000 a goes on after b");
  CHECK(arrow(flows.add(event(EventKind::awaited, 1s, "c", {}, "b"))) ==
        "1.000000 b ends -> 1.000000 c goes on after b");
  flows.add(event(EventKind::fail, 2s, "f"));
  CHECK(arrow(flows.add(event(EventKind::awaited, 2s, "a", {}, "f"))) ==
        "2.000000 f ends -> 2.000000 a goes on after f");
  flows.add(event(EventKind::cancel, 3s, "k"));
  CHECK(arrow(flows.add(event(EventKind::awaited, 3s, "a", {}, "k"))) ==
        "3.000000 k ends -> 3.000000 a goes on after k");
  CHECK(arrow(flows.add(event(EventKind::awaited, 3s, "a", {}, "never-ended"))) == "none");
}

TEST_CASE("a cleared set of flows forgets what it saw, as each run begins afresh") {
  ChromeFlows flows;
  flows.add(event(EventKind::release, 1s, "a", "db"));
  flows.add(event(EventKind::queued, 1s, "p", "jobs", {}, "x"));
  flows.add(event(EventKind::set, 1s, "s", "go"));
  flows.add(event(EventKind::end, 1s, "b"));
  flows.clear();
  CHECK(arrow(flows.add(event(EventKind::acquired, 2s, "b", "db", "a"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::got, 2s, "c", "jobs", "p", "x"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::woken, 2s, "w", "go", "s"))) == "none");
  CHECK(arrow(flows.add(event(EventKind::awaited, 2s, "a", {}, "b"))) == "none");
}

TEST_CASE("events that let no other task go on draw no arrow") {
  ChromeFlows flows;
  // Everything an arrow could start from, so that only the kind decides.
  flows.add(event(EventKind::release, 0s, "b", "db"));
  flows.add(event(EventKind::queued, 0s, "b", "db", {}, "x"));
  flows.add(event(EventKind::set, 0s, "b", "db"));
  flows.add(event(EventKind::end, 0s, "b"));
  for (EventKind kind : {EventKind::start, EventKind::sleep, EventKind::acquire, EventKind::put,
                         EventKind::get, EventKind::wait, EventKind::spawn, EventKind::await}) {
    CHECK(arrow(flows.add(event(kind, 1s, "a", "db", "b", "x"))) == "none");
  }
}
