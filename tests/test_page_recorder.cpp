#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "asyncdemo/formats/text_format.hpp"
#include "asyncdemo/page/page_recorder.hpp"
#include "asyncdemo/render.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using nlohmann::json;

namespace {

// Feeds the recorder a live run as --html does: as the trace's sink and as the loop's observer.
class Recorded final : public TraceSink {
 public:
  explicit Recorded(PageRecorder& page) : page_(page) {}
  void write(const TraceEvent& event) override { page_.add(event); }

 private:
  PageRecorder& page_;
};

json live_page(std::initializer_list<std::string> specs, Mode mode) {
  const Scenario scenario = testing::scenario_of(specs);
  PageRecorder page(PageRecorder::Source::run, ClockKind::virtual_, scenario.longest_name());
  Recorded sink(page);
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  run_scenario(scenario, mode, ClockKind::virtual_, trace, stop, &page);
  return json::parse(page.json());
}

int kind_index(EventKind kind) {
  return static_cast<int>(kind);
}

}  // namespace

TEST_CASE("a live run's page keeps each event's line, its task's state after it, and the loop") {
  const Scenario scenario = testing::scenario_of({"one=1s", "two=2s"});
  const json page = live_page({"one=1s", "two=2s"}, Mode::async);
  const json& events = page["events"];
  REQUIRE(events.size() == 14);
  CHECK(page["source"] == "run");
  // [t, kind, task, state after, line, panel fields]
  const json& sleep = events[3];
  CHECK(sleep[1] == kind_index(EventKind::sleep));
  CHECK(page["tasks"][sleep[2].get<int>()] == "one");
  CHECK(sleep[3] == static_cast<int>(State::asleep));
  CHECK(sleep[4] == "   0.000s  async  one  sleeps for 1s");
  CHECK(sleep[5]["seconds"] == 1.0);
  CHECK(events[0][3] == -1);  // run_start: no task
  // The loop as it stood at each event: its turn, its ready queue, its timers.
  const json& loop = page["loop"];
  REQUIRE(loop.size() == 14);
  CHECK(loop[3][0] == 1);  // the first turn
  CHECK(loop[6][3] == 1);  // two's sleep: one's timer waits, two's not yet
  CHECK(loop[6][4] == "one");
  CHECK(loop[6][5] == 1.0);
  CHECK(loop[7][0] == 3);  // one resumes in the third turn: the second ran its timer's callback
  // The narration between an event and the next, kept with the first of them.
  const std::string after_two_sleeps = page["explain"]["6"];
  CHECK(after_two_sleeps.find("two is suspended at its await") == 0);
  CHECK(after_two_sleeps.find("jumps time forward by 1s to 1.000s") != std::string::npos);
  // The lanes, as the pictures draw them.
  const json& lanes = page["runs"][0]["lanes"];
  REQUIRE(lanes.size() == 2);
  CHECK(lanes[1]["task"] == "two");
  CHECK(lanes[1]["spans"][0][0] == static_cast<int>(State::asleep));
  CHECK(lanes[1]["spans"][0][2] == 2.0);
  CHECK(page["runs"][0]["outcome"] == "finished in 2.000s");
  CHECK(page["runs"][0]["statistics"].get<std::string>().find("14 events") != std::string::npos);
}

TEST_CASE("the page names the entries of the ready queue, first to run first") {
  const json page = live_page({"w*3=sleep:1s"}, Mode::async);
  // At w1's wake the other two resumptions wait behind it.
  bool seen = false;
  for (std::size_t i = 0; i < page["events"].size(); ++i) {
    const json& event = page["events"][i];
    if (event[1] != kind_index(EventKind::wake) || page["tasks"][event[2].get<int>()] != "w1") {
      continue;
    }
    const json& ready = page["loop"][i];
    CHECK(ready[1] == 2);
    CHECK(ready[2] == json::array({"w2", "w3"}));
    seen = true;
  }
  CHECK(seen);
}

TEST_CASE("a sync run's page has no loop to show, but says what blocks the thread") {
  const json page = live_page({"one=1s"}, Mode::sync);
  for (const json& state : page["loop"]) CHECK(state.is_null());
  bool blocked = false;
  for (const auto& [index, words] : page["explain"].items()) {
    blocked = blocked ||
              words.get<std::string>().find("the thread itself is blocked") != std::string::npos;
  }
  CHECK(blocked);
}

TEST_CASE("a page drawn from a saved trace has no loop states and no narration") {
  const Scenario scenario = testing::scenario_of({"one=1s"});
  const std::vector<StoredEvent> events = testing::virtual_events(scenario, Mode::async);
  PageRecorder page(PageRecorder::Source::trace, ClockKind::virtual_, 3);
  for (const StoredEvent& event : events) page.add(event.view());
  const json data = json::parse(page.json());
  CHECK(data["source"] == "trace");
  CHECK(data["loop"].is_null());
  CHECK(data["explain"].is_null());
  CHECK(data["events"].size() == events.size());
}

TEST_CASE("a run past the page's limit keeps its first events and its end, and an overview") {
  const json page = live_page({"w*60000=sleep:1s"}, Mode::async);
  const json& run = page["runs"][0];
  const std::size_t kept = PageRecorder::kMostEventsPerRun;
  CHECK(run["count"] == kept + 1);  // the first kept - 1, the line for the rest, run_end
  CHECK(run["dropped"] == 240'002 - kept);
  const json& events = page["events"];
  REQUIRE(events.size() == kept + 1);
  CHECK(events[kept - 1][1] == -1);
  CHECK(events[kept - 1][4].get<std::string>().find("40002 events of this run are not on the "
                                                    "page") != std::string::npos);
  CHECK(events[kept][1] == kind_index(EventKind::run_end));
  CHECK(page["loop"].size() == kept + 1);
  // 60,000 lanes are too many to draw: how many tasks were in each state, over time.
  CHECK(run["lanes"].is_null());
  const json& overview = run["overview"];
  CHECK(overview["tasks"] == 60000);
  const json& middle = overview["counts"][100];
  CHECK(middle[static_cast<int>(State::asleep)].get<double>() == doctest::Approx(60000));
}

TEST_CASE("the page's data holds no '<', so no text ends its script element") {
  const Scenario scenario = testing::scenario_of({"a=print:</script><!--"});
  PageRecorder page(PageRecorder::Source::trace, ClockKind::virtual_, 1);
  for (const StoredEvent& event : testing::virtual_events(scenario, Mode::async)) {
    page.add(event.view());
  }
  const std::string data = page.json();
  CHECK(data.find('<') == std::string::npos);
  const json parsed = json::parse(data);
  CHECK(parsed["events"][2][4].get<std::string>().find("printed \"</script><!--\"") !=
        std::string::npos);
}

TEST_CASE("the page's vocabulary is the pictures': each state with its words, colours, pattern") {
  const json page = live_page({"a=1s"}, Mode::async);
  REQUIRE(page["states"].size() == states().size());
  for (std::size_t s = 0; s < states().size(); ++s) {
    CHECK(page["states"][s]["name"] == states()[s].name);
    CHECK(page["states"][s]["pattern"] == states()[s].pattern);
  }
  CHECK(page["kinds"][kind_index(EventKind::acquire)] == "acquire");
}
