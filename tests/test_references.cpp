#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "asyncdemo/scenario/references.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/scenario/task_spec.hpp"

using namespace asyncdemo;

namespace {

std::vector<TaskSpec> specs(std::initializer_list<std::string> texts) {
  std::vector<TaskSpec> tasks;
  for (const std::string& text : texts) {
    Result<TaskSpec> task = parse_task_spec(text);
    REQUIRE_MESSAGE(task.ok(), text);
    tasks.push_back(std::move(task).value());
  }
  return tasks;
}

Declarations declared() {
  Declarations declarations;
  declarations.limits.push_back({"db", 1});
  declarations.queues.push_back({"jobs", 0});
  declarations.events.push_back("go");
  return declarations;
}

std::string refused(std::initializer_list<std::string> texts) {
  const std::vector<TaskSpec> tasks = specs(texts);
  const Result<std::vector<bool>> checked = check_references(tasks, declared());
  REQUIRE_FALSE(checked.ok());
  return checked.error().message();
}

std::vector<bool> spawned(std::initializer_list<std::string> texts) {
  const std::vector<TaskSpec> tasks = specs(texts);
  const Result<std::vector<bool>> checked = check_references(tasks, declared());
  REQUIRE_MESSAGE(checked.ok(), checked.error().message());
  return checked.value();
}

}  // namespace

TEST_CASE("a task's own name finds that task, a base name every copy, a copy's name that copy") {
  const std::vector<TaskSpec> tasks = specs({"a=1s", "w*3=1s", "b=1s"});
  const TaskIndex index(tasks);
  const auto found = [&](std::string_view name) -> std::pair<std::size_t, std::size_t> {
    const std::optional<TaskRange> range = index.find(name);
    REQUIRE_MESSAGE(range.has_value(), name);
    return {range->first, range->count};
  };
  CHECK(found("a") == std::pair<std::size_t, std::size_t>{0, 1});
  CHECK(found("w") == std::pair<std::size_t, std::size_t>{1, 3});
  CHECK(found("w1") == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK(found("w3") == std::pair<std::size_t, std::size_t>{3, 1});
  CHECK(found("b") == std::pair<std::size_t, std::size_t>{4, 1});
  CHECK(index.spec_of(0) == 0);
  CHECK(index.spec_of(2) == 1);
  CHECK(index.spec_of(3) == 1);
  CHECK(index.spec_of(4) == 2);
  CHECK(index.first_of(2) == 4);
}

TEST_CASE("names that only look like copies find nothing") {
  const std::vector<TaskSpec> tasks = specs({"a=1s", "w*3=1s"});
  const TaskIndex index(tasks);
  for (const char* name : {"w0", "w4", "w01", "w1x", "w-1", "a1", "x", "", "W1"}) {
    CHECK_FALSE_MESSAGE(index.find(name).has_value(), name);
  }
}

TEST_CASE("a task named like a copy of another is found by its own name past the copies") {
  const std::vector<TaskSpec> tasks = specs({"w*2=1s", "w3=1s"});
  const TaskIndex index(tasks);
  REQUIRE(index.find("w3").has_value());
  CHECK(index.find("w3")->first == 2);
  CHECK(index.find("w3")->count == 1);
}

TEST_CASE("an unknown task to await or spawn is refused before anything runs") {
  CHECK(refused({"a=await:zz", "b=1s"}) ==
        "task 'a': no task 'zz' to await; expected the name of a task of this run");
  CHECK(refused({"a=spawn:zz"}) ==
        "task 'a': no task 'zz' to spawn; expected the name of a task of this run");
  CHECK(refused({"a=await:w4", "w*3=1s"}) ==
        "task 'a': no task 'w4' to await; expected the name of a task of this run");
}

TEST_CASE("a task that awaits or spawns itself is refused, copies included") {
  CHECK(refused({"a=await:a"}) == "task 'a': it awaits itself ('a'); expected another task's name");
  CHECK(refused({"a=spawn:a"}) == "task 'a': it spawns itself ('a'); expected another task's name");
  // The copies share their steps: w2 would await itself.
  CHECK(refused({"w*3=await:w2"}) ==
        "task 'w': it awaits itself ('w2'); expected another task's name");
  CHECK(refused({"w*2=(sleep:1s,await:w)*2"}) ==
        "task 'w': it awaits itself ('w'); expected another task's name");
}

TEST_CASE("awaits that go round in a cycle are refused, naming the cycle") {
  const std::string expected =
      " (each waits forever); expected awaits that end: no task awaits one that awaits it, "
      "directly or not";
  CHECK(refused({"a=await:b", "b=await:a"}) ==
        "tasks await each other in a cycle: a -> b -> a" + expected);
  CHECK(refused({"a=await:b", "b=await:c", "c=sleep:1s,await:a"}) ==
        "tasks await each other in a cycle: a -> b -> c -> a" + expected);
  // The cycle is named from where it begins, not from the first task.
  CHECK(refused({"x=await:a", "a=await:b", "b=await:a"}) ==
        "tasks await each other in a cycle: a -> b -> a" + expected);
  // Through copies: every copy of w awaits a, which awaits w2.
  CHECK(refused({"a=await:w2", "w*2=await:a"}) ==
        "tasks await each other in a cycle: a -> w -> a" + expected);
  // Inside a group.
  CHECK(refused({"a=(await:b)*2", "b=await:a"}) ==
        "tasks await each other in a cycle: a -> b -> a" + expected);
}

TEST_CASE("tasks that await the same task, or a diamond of awaits, are no cycle") {
  CHECK(spawned({"a=await:c", "b=await:c", "c=1s"}) == std::vector<bool>{false, false, false});
  CHECK(spawned({"a=await:b,await:c", "b=await:d", "c=await:d", "d=1s"}) ==
        std::vector<bool>{false, false, false, false});
}

TEST_CASE("a task spawned more than once is refused, naming the task") {
  const std::string expected =
      "; expected each task spawned once, by one spawn step that runs once";
  CHECK(refused({"a=spawn:c", "b=spawn:c", "c=1s"}) ==
        "task 'b': task 'c' is spawned more than once" + expected);
  CHECK(refused({"a=spawn:c,spawn:c", "c=1s"}) ==
        "task 'a': task 'c' is spawned more than once" + expected);
  // A group repeats its spawn; copies of a spawner each spawn.
  CHECK(refused({"a=(spawn:c)*2", "c=1s"}) ==
        "task 'a': task 'c' is spawned more than once" + expected);
  CHECK(refused({"p*2=spawn:c", "c=1s"}) ==
        "task 'p': task 'c' is spawned more than once" + expected);
  // The base name spawns every copy, so w2 spawned on its own too is spawned twice.
  CHECK(refused({"a=spawn:w", "b=spawn:w2", "w*3=1s"}) ==
        "task 'b': task 'w2' is spawned more than once" + expected);
}

TEST_CASE("a task spawned only by tasks that never start is refused") {
  CHECK(refused({"c=spawn:d", "d=spawn:c"}) ==
        "task 'c': it is spawned only by tasks that never start; expected a spawn step in a task "
        "that starts with the run, or is spawned itself");
}

TEST_CASE("the tasks that start only when spawned are marked by place, each copy its own") {
  CHECK(spawned({"p=spawn:w", "w*2=1s", "x=1s"}) == std::vector<bool>{false, true, true, false});
  CHECK(spawned({"p=spawn:w2", "w*2=1s"}) == std::vector<bool>{false, false, true});
  // A chain: q is spawned by a task that is spawned itself.
  CHECK(spawned({"q=spawn:r", "p=spawn:q", "r=1s"}) == std::vector<bool>{true, false, true});
  CHECK(spawned({"a=1s", "b=2s"}) == std::vector<bool>{false, false});
}

TEST_CASE("a limit, queue or event a step names must be declared") {
  CHECK(refused({"a=acquire:cache"}) ==
        "task 'a': no limit 'cache' is declared; expected --limit cache=N, how many tasks may "
        "hold it at once");
  CHECK(refused({"a=release:cache"}) ==
        "task 'a': no limit 'cache' is declared; expected --limit cache=N, how many tasks may "
        "hold it at once");
  CHECK(refused({"a=put:results=1"}) ==
        "task 'a': no queue 'results' is declared; expected --queue results=MAXSIZE (0: no limit)");
  CHECK(refused({"a=(sleep:1s,get:results)*3"}) ==
        "task 'a': no queue 'results' is declared; expected --queue results=MAXSIZE (0: no limit)");
  CHECK(refused({"a=wait:stop"}) == "task 'a': no event 'stop' is declared; expected --event stop");
  CHECK(refused({"a=set:stop"}) == "task 'a': no event 'stop' is declared; expected --event stop");
  CHECK(spawned({"a=acquire:db,put:jobs=1,get:jobs,set:go,wait:go,release:db"}) ==
        std::vector<bool>{false});
}

TEST_CASE("a scenario is refused with the same error, so nothing runs") {
  const Result<Scenario> scenario = Scenario::from_tasks(specs({"a=await:b", "b=await:a"}), {});
  REQUIRE_FALSE(scenario.ok());
  CHECK(scenario.error().message().starts_with("tasks await each other in a cycle: a -> b -> a"));
  const Result<Scenario> fine =
      Scenario::from_tasks(specs({"p=spawn:w", "w*2=1s"}), Declarations{});
  REQUIRE(fine.ok());
  CHECK_FALSE(fine->spawned(0));
  CHECK(fine->spawned(1));
  CHECK(fine->spawned(2));
  CHECK(fine->spawns());
}
