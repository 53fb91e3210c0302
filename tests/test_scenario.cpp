#include <doctest/doctest.h>

#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/scenario/theory.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

std::vector<TaskSpec> tasks(std::initializer_list<const char*> specs) {
  std::vector<TaskSpec> parsed;
  for (const char* spec : specs) parsed.push_back(parse_task_spec(spec).value());
  return parsed;
}

}  // namespace

TEST_CASE("the classic scenario is the asyncio teaching example") {
  const Scenario classic = Scenario::classic();
  REQUIRE(classic.tasks().size() == 2);
  CHECK(classic.tasks()[0].name == "coroutine_one");
  CHECK(classic.tasks()[1].name == "coroutine_two");
  CHECK((*classic.tasks()[0].steps)[0]->spec() == "print:Coroutine started");
  CHECK((*classic.tasks()[1].steps)[2]->spec() == "print:Coroutine two resumed");
  CHECK(classic.theory(Mode::sync, 4).total == 3s);
  CHECK(classic.theory(Mode::async, 4).total == 2s);
  CHECK(classic.longest_name() == 13);
}

TEST_CASE("Scenario::from_tasks rejects duplicate names") {
  auto scenario = Scenario::from_tasks(tasks({"a=1s", "b=1s", "a=2s"}));
  REQUIRE_FALSE(scenario.ok());
  CHECK(scenario.error().message() ==
        "task 'a': duplicate task name 'a'; expected a different name for each task");
}

TEST_CASE("Scenario::from_tasks rejects a total the clock cannot count") {
  auto scenario = Scenario::from_tasks(tasks({"a=876000h", "b=876000h", "c=876000h", "d=1h"}));
  REQUIRE_FALSE(scenario.ok());
  CHECK(scenario.error().message() ==
        "the waits add up to more than the clock can count (2562047h, about 292 years); expected "
        "shorter waits, or fewer tasks");
  auto most = Scenario::from_tasks(tasks({"a=876000h", "b=876000h", "c=810048h"}));
  CHECK_FALSE(most.ok());
  auto fits = Scenario::from_tasks(tasks({"a=876000h", "b=876000h", "c=810047h"}));
  REQUIRE(fits.ok());
  CHECK(predict(*fits, Mode::sync, 4).total == 2562047h);
}

TEST_CASE("Scenario::from_tasks takes at most ten million tasks, all specs together") {
  auto most = Scenario::from_tasks(tasks({"a*9999999=1s", "b=1s"}));
  REQUIRE(most.ok());
  CHECK(most->task_count() == kMostTasks);
  // 40 million were accepted before, four specs of ten million each.
  auto scenario = Scenario::from_tasks(tasks({"a*9999999=1s", "b=1s", "c*10000000=1s"}));
  REQUIRE_FALSE(scenario.ok());
  CHECK(scenario.error().message() ==
        "task 'c*10000000': more than 10000000 tasks in all; expected at most 10000000 tasks, "
        "all specs together");
}

TEST_CASE("TaskNames counts up the copies' names as task_name gives them") {
  const TaskSpec copies = parse_task_spec("w*1200=1s").value();
  TaskNames names(copies);
  for (std::size_t index = 0; index < 1200; ++index, names.next()) {
    REQUIRE(names.current() == copies.task_name(index));
  }
  const TaskSpec single = parse_task_spec("one=1s").value();
  TaskNames one(single);
  CHECK(one.current() == "one");
}
