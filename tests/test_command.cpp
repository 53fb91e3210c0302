#include <doctest/doctest.h>

#include "asyncdemo/command.hpp"

using namespace asyncdemo;

TEST_CASE("use_color colours a terminal unless NO_COLOR is set, and obeys always and never") {
  CHECK(use_color(ColorMode::automatic, true, nullptr));
  CHECK(use_color(ColorMode::automatic, true, ""));
  CHECK_FALSE(use_color(ColorMode::automatic, true, "1"));
  CHECK_FALSE(use_color(ColorMode::automatic, false, nullptr));
  CHECK(use_color(ColorMode::always, false, "1"));
  CHECK_FALSE(use_color(ColorMode::never, true, nullptr));
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
