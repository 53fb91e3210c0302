#include "asyncdemo/check/scaled_scenario.hpp"

#include <doctest/doctest.h>

#include "asyncdemo/scenario/task_spec_text.hpp"
#include "support/storing_sink.hpp"

namespace {

using namespace std::chrono_literals;
using asyncdemo::Mode;
using asyncdemo::parse_scale;
using asyncdemo::scaled;
using asyncdemo::scaled_scenario;
using asyncdemo::task_spec_text;
using asyncdemo::testing::scenario_of;

}  // namespace

TEST_CASE("parse_scale takes a number above 0 and at most 1000") {
  CHECK(*parse_scale("0.1") == doctest::Approx(0.1));
  CHECK(*parse_scale("1") == 1);
  CHECK(*parse_scale("0.0000001") == doctest::Approx(1e-7));
  for (const char* bad : {"", "0", "-1", "x", "1e3", "2000", "0.1s"}) {
    INFO(bad);
    const auto scale = parse_scale(bad);
    REQUIRE_FALSE(scale);
    CHECK(scale.error().message().find("expected a number above 0") != std::string::npos);
  }
}

TEST_CASE("scaled multiplies to the microsecond, and keeps a wait that was not 0 above 0") {
  CHECK(scaled(1s, 0.1) == 100ms);
  CHECK(scaled(2s, 0.25) == 500ms);
  CHECK(scaled(1ns, 0.1) == 1us);
  CHECK(scaled(0s, 0.1) == 0s);
  CHECK(scaled(8760h, 0.0000001) == std::chrono::microseconds(3'153'600));
}

TEST_CASE("scaled_scenario scales every DURATION and nothing else") {
  const auto scenario = scaled_scenario(
      scenario_of({"a=sleep:1s,print:1s,block:2s,work:500ms,sleep:0", "w*2=fail:boom"}), 0.5);
  REQUIRE(scenario);
  CHECK(task_spec_text(scenario->tasks()[0]) ==
        "a=sleep:500ms,print:1s,block:1s,work:250ms,sleep:0s");
  CHECK(task_spec_text(scenario->tasks()[1]) == "w*2=fail:boom");
  CHECK(scenario->theory(Mode::async, 1).total == 1750ms);
}
