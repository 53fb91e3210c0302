#include <doctest/doctest.h>

#include "asyncdemo/command.hpp"

using namespace asyncdemo;

TEST_CASE("use_color colours a terminal unless NO_COLOR is set, and obeys always and never") {
  CHECK(use_color(ColorMode::automatic, true, nullptr, nullptr));
  CHECK(use_color(ColorMode::automatic, true, "", "xterm-256color"));
  CHECK_FALSE(use_color(ColorMode::automatic, true, "1", "xterm"));
  CHECK_FALSE(use_color(ColorMode::automatic, false, nullptr, "xterm"));
  CHECK(use_color(ColorMode::always, false, "1", "dumb"));
  CHECK_FALSE(use_color(ColorMode::never, true, nullptr, "xterm"));
}

TEST_CASE("use_color leaves a dumb terminal plain, as NO_COLOR does, unless colour is forced") {
  CHECK_FALSE(use_color(ColorMode::automatic, true, nullptr, "dumb"));
  CHECK(use_color(ColorMode::automatic, true, nullptr, "dumber"));
  CHECK(use_color(ColorMode::always, true, nullptr, "dumb"));
}

TEST_CASE("load_scenario uses the classic example when no task is given") {
  auto scenario = load_scenario(Options{});
  REQUIRE(scenario.ok());
  CHECK(scenario->tasks().size() == 2);
  CHECK(scenario->tasks()[0].name == "coroutine_one");
}

TEST_CASE("load_scenario keeps the tasks in the order given and checks them together") {
  Options options;
  options.tasks = {"b=1s", "a=2s"};
  auto scenario = load_scenario(options);
  REQUIRE(scenario.ok());
  CHECK(scenario->tasks()[0].name == "b");
  CHECK(scenario->tasks()[1].name == "a");
  options.tasks.push_back("b=3s");
  CHECK_FALSE(load_scenario(options).ok());
}

TEST_CASE("parse_threads takes 1 to 1024 and names the bad token otherwise") {
  CHECK(parse_threads("1").value() == 1);
  CHECK(parse_threads("1024").value() == 1024);
  for (const char* bad : {"0", "1025", "", "four", "-2", "2.5", "99999"}) {
    const auto parsed = parse_threads(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message() == "--threads: '" + std::string(bad) +
                                          "' is not a number of threads; expected a whole number "
                                          "from 1 to 1024, like --threads 8");
  }
}

TEST_CASE("parse_duration_option names the option and the expected form") {
  CHECK(parse_duration_option("--timeout", "1.5s").value() == std::chrono::milliseconds(1500));
  const auto parsed = parse_duration_option("--timeout", "soon");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().message() ==
        "--timeout: 'soon' is not a duration; expected " + std::string(kDurationForm));
}
