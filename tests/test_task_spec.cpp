#include <doctest/doctest.h>

#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/steps/print_step.hpp"

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
        "block:DURATION, work:DURATION or fail:MESSAGE");
  CHECK(error_of("one=sleep:1,,print:x") ==
        "task 'one=sleep:1,,print:x': empty step; expected sleep:DURATION, print:TEXT, "
        "block:DURATION, work:DURATION or fail:MESSAGE");
  CHECK(error_of("one=sleep:1,wait") ==
        "task 'one=sleep:1,wait': step 'wait' has no ':'; expected sleep:DURATION, print:TEXT, "
        "block:DURATION, work:DURATION or fail:MESSAGE");
  CHECK(error_of("one=sleep:1,") ==
        "task 'one=sleep:1,': empty step; expected sleep:DURATION, print:TEXT, block:DURATION, "
        "work:DURATION or fail:MESSAGE");
  CHECK(error_of("one=sleep:5x") ==
        "task 'one=sleep:5x': step 'sleep:5x': unknown unit 'x' in '5x'; expected " +
            std::string(kDurationForm));
  CHECK(error_of("one=5x") == "task 'one=5x': unknown unit 'x' in '5x'; expected " +
                                  std::string(kDurationForm) +
                                  ", or steps such as sleep:1s,print:done");
  CHECK(error_of("one=-2s").find("negative duration '-2s'") != std::string::npos);
  CHECK(error_of("one=sleep:nan").find("'nan' is not a duration") != std::string::npos);
}
