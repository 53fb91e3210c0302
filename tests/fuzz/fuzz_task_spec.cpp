// parse_task_spec: what it accepts prints back (format_task_spec) as a spec that parses to the
// same task, and printing that again changes nothing; every accepted task keeps the limits
// (a name of letters, digits, '_' and '-', at most kMostCopies copies, waits the clock can count).
#include <cstdint>
#include <string>
#include <vector>

#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/scenario/theory.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

struct Shape {
  std::string name;
  std::size_t copies;
  std::vector<std::string> specs;
  std::vector<Duration::rep> waits;
  bool operator==(const Shape&) const = default;
};

Shape shape_of(const TaskSpec& task) {
  Shape shape{task.name, task.copies, {}, {}};
  for (const auto& step : *task.steps) {
    shape.specs.push_back(step->spec());
    shape.waits.push_back(step->planned_wait().count());
  }
  return shape;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const std::string shown(text);
  const Result<TaskSpec> task = parse_task_spec(text);
  if (!task) {
    FUZZ_CHECK(!task.error().problem.empty(), shown);
    FUZZ_CHECK(task.error().where.starts_with("task '" + shown + "'"), task.error().message());
    return 0;
  }

  FUZZ_CHECK(!task->name.empty(), shown);
  for (char c : task->name) FUZZ_CHECK(is_name_char(c), shown);
  FUZZ_CHECK(task->copies <= kMostCopies, shown);
  FUZZ_CHECK(!task->steps->empty(), shown);
  for (const auto& step : *task->steps) {
    FUZZ_CHECK(step->planned_wait() >= Duration::zero(), shown);
    FUZZ_CHECK(step->planned_wait() < Duration::max(), shown);  // a group's saturates there
  }

  const std::string printed = format_task_spec(*task);
  const Result<TaskSpec> again = parse_task_spec(printed);
  FUZZ_CHECK(again.ok(),
             shown + " printed as " + printed + ": " + (again.ok() ? "" : again.error().message()));
  FUZZ_CHECK(shape_of(*again) == shape_of(*task), shown + " printed as " + printed);
  FUZZ_CHECK(format_task_spec(*again) == printed, shown + " printed as " + printed);

  // Theory on its own: never negative, since the waits fit the clock, and never longer on the
  // loop than one after another. (Theory simulates the pool job by job: not for huge counts.)
  std::vector<TaskSpec> alone;
  alone.push_back(std::move(again).value());
  const Result<Scenario> scenario = Scenario::from_tasks(std::move(alone));
  if (!scenario) {
    // Only names a step refers to (await:, acquire:, ...) may be missing from a lone task.
    FUZZ_CHECK(!scenario.error().problem.starts_with("duplicate task name"),
               shown + ": " + scenario.error().message());
    return 0;
  }
  if (scenario->task_count() <= 1000) {
    const Duration sync = predict(*scenario, Mode::sync, 4).total;
    const Duration async = predict(*scenario, Mode::async, 4).total;
    FUZZ_CHECK(sync >= Duration::zero() && async >= Duration::zero(), shown);
    FUZZ_CHECK(async <= sync, shown + ": async theory " + format_duration(async) + ", sync " +
                                  format_duration(sync));
  }
  return 0;
}
