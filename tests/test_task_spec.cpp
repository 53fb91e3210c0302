#include <doctest/doctest.h>

#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/steps/print_step.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> specs_of(const TaskSpec& task) {
  std::vector<std::string> specs;
  for (const auto& step : *task.steps) specs.push_back(step->spec());
  return specs;
}

std::string error_of(std::string_view spec) {
  auto parsed = parse_task_spec(spec);
  REQUIRE_FALSE(parsed.ok());
  return parsed.error().message();
}

}  // namespace

TEST_CASE("NAME=DURATION prints started, sleeps, prints resumed") {
  auto task = parse_task_spec("one=1.5s");
  REQUIRE(task.ok());
  CHECK(task->name == "one");
  CHECK(specs_of(*task) ==
        std::vector<std::string>{"print:one started", "sleep:1.5s", "print:one resumed"});
  CHECK(task->planned_wait() == 1500ms);
}

TEST_CASE("NAME=STEP,STEP runs the steps in order") {
  auto task = parse_task_spec("job-2=print:hi,sleep:250ms,sleep:0,print:bye");
  REQUIRE(task.ok());
  CHECK(task->name == "job-2");
  CHECK(specs_of(*task) ==
        std::vector<std::string>{"print:hi", "sleep:250ms", "sleep:0s", "print:bye"});
  CHECK(task->planned_wait() == 250ms);
}

TEST_CASE("a comma inside print text is written with a backslash") {
  auto task = parse_task_spec(R"(greet=print:hello\, world,print:a\\b,print:c:d\n)");
  REQUIRE(task.ok());
  CHECK(specs_of(*task) ==
        std::vector<std::string>{"print:hello, world", R"(print:a\b)", R"(print:c:d\n)"});
}

TEST_CASE("print text may be empty") {
  auto task = parse_task_spec("quiet=print:");
  REQUIRE(task.ok());
  CHECK(specs_of(*task) == std::vector<std::string>{"print:"});
}

TEST_CASE("parse_task_spec names the bad token and the expected form") {
  CHECK(error_of("one") ==
        "task 'one': no '=' between a name and what the task does; expected NAME=DURATION or "
        "NAME=STEP,STEP,... (like one=1s or one=print:hi,sleep:250ms)");
  CHECK(error_of("=1s") == "task '=1s': empty task name; expected a name before '=', like one=1s");
  CHECK(error_of("a b=1s") ==
        "task 'a b=1s': bad character ' ' in task name 'a b'; expected a name of letters, "
        "digits, '_' and '-'");
  CHECK(error_of("one=") ==
        "task 'one=': task 'one' does nothing; expected a duration or steps after '=', like "
        "one=1s");
  CHECK(error_of("one=jump:1") ==
        "task 'one=jump:1': unknown step 'jump'; expected sleep:DURATION, print:TEXT, "
        "block:DURATION, work:DURATION, fail:MESSAGE, fetch:URL, fetch-print:URL, await:TASK, "
        "spawn:TASK, "
        "acquire:LIMIT, release:LIMIT, put:QUEUE=ITEM, get:QUEUE, set:EVENT or wait:EVENT");
  CHECK(error_of("one=sleep:1,,print:x") ==
        "task 'one=sleep:1,,print:x': empty step; expected sleep:DURATION, print:TEXT, "
        "block:DURATION, work:DURATION, fail:MESSAGE, fetch:URL, fetch-print:URL, await:TASK, "
        "spawn:TASK, "
        "acquire:LIMIT, release:LIMIT, put:QUEUE=ITEM, get:QUEUE, set:EVENT or wait:EVENT");
  CHECK(error_of("one=sleep:1,wait") ==
        "task 'one=sleep:1,wait': step 'wait' has no ':'; expected sleep:DURATION, print:TEXT, "
        "block:DURATION, work:DURATION, fail:MESSAGE, fetch:URL, fetch-print:URL, await:TASK, "
        "spawn:TASK, "
        "acquire:LIMIT, release:LIMIT, put:QUEUE=ITEM, get:QUEUE, set:EVENT or wait:EVENT");
  CHECK(error_of("one=sleep:1,") ==
        "task 'one=sleep:1,': empty step; expected sleep:DURATION, print:TEXT, block:DURATION, "
        "work:DURATION, fail:MESSAGE, fetch:URL, fetch-print:URL, await:TASK, spawn:TASK, "
        "acquire:LIMIT, "
        "release:LIMIT, put:QUEUE=ITEM, get:QUEUE, set:EVENT or wait:EVENT");
  CHECK(error_of("one=sleep:5x") ==
        "task 'one=sleep:5x': step 'sleep:5x': unknown unit 'x' in '5x'; expected " +
            std::string(kDurationForm));
  CHECK(error_of("one=5x") == "task 'one=5x': unknown unit 'x' in '5x'; expected " +
                                  std::string(kDurationForm) +
                                  ", or steps such as sleep:1s,print:done");
  CHECK(error_of("one=-2s").find("negative duration '-2s'") != std::string::npos);
  CHECK(error_of("one=sleep:nan").find("'nan' is not a duration") != std::string::npos);
}

TEST_CASE("NAME*COUNT=SPEC makes COUNT numbered tasks that share one step list") {
  auto group = parse_task_spec("w*1000000=1s");
  REQUIRE(group.ok());
  CHECK(group->name == "w");
  CHECK(group->copies == 1000000);
  CHECK(group->task_count() == 1000000);
  CHECK(group->task_name(0) == "w1");
  CHECK(group->task_name(999999) == "w1000000");
  CHECK(group->longest_name() == 8);
  CHECK(specs_of(*group) ==
        std::vector<std::string>{"print:wN started", "sleep:1s", "print:wN resumed"});
  auto single = parse_task_spec("w=1s");
  REQUIRE(single.ok());
  CHECK(single->task_count() == 1);
  CHECK(single->task_name(0) == "w");
}

TEST_CASE("NAME*COUNT rejects a count that is not a whole number from 1 to ten million") {
  const std::string expected =
      "expected a whole number of copies from 1 to 10000000, like w*1000=1s";
  CHECK(error_of("w*0=1s") == "task 'w*0=1s': zero copies; " + expected);
  CHECK(error_of("w*x=1s") == "task 'w*x=1s': bad count 'x'; " + expected);
  CHECK(error_of("w*=1s") == "task 'w*=1s': no count after '*'; " + expected);
  CHECK(error_of("w*-3=1s") == "task 'w*-3=1s': bad count '-3'; " + expected);
  CHECK(error_of("w*10000001=1s") ==
        "task 'w*10000001=1s': too many copies '10000001'; " + expected);
  CHECK(error_of("*3=1s") ==
        "task '*3=1s': empty task name; expected a name before '=', like one=1s");
}

TEST_CASE("a spec whose waits add up past what the clock can count is refused, naming it") {
  // These ran with a negative theory and a negative lateness before.
  for (const char* spec : {"a=sleep:876000h,sleep:876000h,sleep:876000h", "a*3=sleep:876000h",
                           "a*2=block:876000h,work:876000h", "a*10000000=sleep:1000h",
                           "g=(sleep:876000h)*3", "g=((sleep:876000h)*10000000)*10000000"}) {
    CHECK(error_of(spec) == "task '" + std::string(spec) +
                                "': the waits add up to more than the clock can count (2562047h, "
                                "about 292 years); expected shorter waits, or fewer of them");
  }
  CHECK(parse_task_spec("a=sleep:876000h,sleep:876000h").ok());
}

TEST_CASE("format_task_spec writes a spec that parses back to the same task") {
  for (const char* spec :
       {"one=1.5s", "w*3=2s", R"(g=(print:x\,y,(sleep:1ms)*2)*3,print:z)",
        "w*1000=sleep:1.23456789s", R"(greet=print:hello\, world,print:a\\b\,)",
        R"(odd=print:c:d\n,print:\x,print:,fail:no\, really)", "b=block:500ns,work:100s"}) {
    auto task = parse_task_spec(spec);
    REQUIRE(task.ok());
    const std::string printed = format_task_spec(*task);
    auto again = parse_task_spec(printed);
    REQUIRE(again.ok());
    CHECK(again->name == task->name);
    CHECK(again->copies == task->copies);
    CHECK(specs_of(*again) == specs_of(*task));
    CHECK(format_task_spec(*again) == printed);
  }
  CHECK(format_task_spec(parse_task_spec("one=1.5s").value()) == "one=1.5s");
  CHECK(format_task_spec(parse_task_spec("w*3=1.5s").value()) == "w*3=1.5s");
  CHECK(format_task_spec(parse_task_spec("w*3=print:wN started").value()) ==
        "w*3=print:wN started");
  CHECK(format_task_spec(parse_task_spec(R"(c=(print:a\,b,sleep:1ms)*2,print:c\,d)").value()) ==
        R"(c=(print:a\,b,sleep:1ms)*2,print:c\,d)");
  CHECK(format_task_spec(parse_task_spec(R"(g*2=print:a\,b\\c)").value()) ==
        R"(g*2=print:a\,b\\c)");
}

TEST_CASE("a duration is kept with every digit it was given") {
  auto task = parse_task_spec("a=sleep:1.23456789s");
  REQUIRE(task.ok());
  CHECK(specs_of(*task) == std::vector<std::string>{"sleep:1.23456789s"});
}

TEST_CASE("copies made by NAME*COUNT=DURATION print their own names") {
  const auto events =
      asyncdemo::testing::virtual_events(asyncdemo::testing::scenario_of({"w*3=1s"}), Mode::async);
  std::vector<std::string> printed;
  for (const StoredEvent& stored : events) {
    const TraceEvent event = stored.view();
    if (event.kind == EventKind::print) {
      printed.push_back(std::string(event.task) + ": " + std::string(event.text));
    }
  }
  CHECK(printed == std::vector<std::string>{"w1: w1 started", "w2: w2 started", "w3: w3 started",
                                            "w1: w1 resumed", "w2: w2 resumed", "w3: w3 resumed"});
}

TEST_CASE("a group without its repeat count is an error, not a crash") {
  // "(sleep:1s)" read past its end (std::out_of_range) before.
  for (const char* spec : {"a=(sleep:1s)", "c=(gewo\x87k:0ms)*6awai)", "a=(sleep:1s)*"}) {
    const std::string message = error_of(spec);
    CHECK(message.find("does not end in ')*N'") != std::string::npos);
  }
}
