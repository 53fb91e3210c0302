#include "asyncdemo/scenario/task_spec.hpp"

#include <string>
#include <vector>

#include "asyncdemo/steps/print_step.hpp"
#include "asyncdemo/steps/sleep_step.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

namespace asyncdemo {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// Splits on commas that are not escaped, resolving "\," and "\\"; any other backslash is kept.
std::vector<std::string> split_steps(std::string_view body) {
  std::vector<std::string> steps(1);
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\\' && i + 1 < body.size() && (body[i + 1] == ',' || body[i + 1] == '\\')) {
      steps.back() += body[++i];
    } else if (c == ',') {
      steps.emplace_back();
    } else {
      steps.back() += c;
    }
  }
  return steps;
}

Result<std::unique_ptr<const Step>> parse_step(std::string_view step) {
  const std::size_t colon = step.find(':');
  if (step.empty()) return Error{"", "empty step", step_forms()};
  if (colon == std::string_view::npos) {
    return Error{"", "step '" + std::string(step) + "' has no ':'", step_forms()};
  }
  const std::string_view kind_name = step.substr(0, colon);
  const StepKind* kind = find_step_kind(kind_name);
  if (kind == nullptr) {
    return Error{"", "unknown step '" + std::string(kind_name) + "'", step_forms()};
  }
  Result<std::unique_ptr<const Step>> parsed = kind->parse(step.substr(colon + 1));
  if (!parsed) return parsed.error().within("step '" + std::string(step) + "'");
  return parsed;
}

// NAME=DURATION: what the classic example's coroutines do, named after the task.
Result<StepList> shorthand_steps(std::string_view name, std::string_view body) {
  Result<Duration> duration = parse_duration(body);
  if (!duration) {
    Error error = duration.error();
    error.expected += ", or steps such as sleep:1s,print:done";
    return error;
  }
  StepList steps;
  steps.push_back(std::make_unique<PrintStep>(std::string(name) + " started"));
  steps.push_back(std::make_unique<SleepStep>(*duration));
  steps.push_back(std::make_unique<PrintStep>(std::string(name) + " resumed"));
  return steps;
}

Result<StepList> listed_steps(std::string_view body) {
  StepList steps;
  for (const std::string& text : split_steps(body)) {
    Result<std::unique_ptr<const Step>> step = parse_step(text);
    if (!step) return step.error();
    steps.push_back(std::move(step).value());
  }
  return steps;
}

// The COUNT of NAME*COUNT.
Result<std::size_t> parse_copies(std::string_view text) {
  const std::string expected =
      "a whole number of copies from 1 to " + std::to_string(kMostCopies) + ", like w*1000=1s";
  if (text.empty()) return Error{"", "no count after '*'", expected};
  std::size_t count = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Error{"", "bad count '" + std::string(text) + "'", expected};
    count = count * 10 + static_cast<std::size_t>(c - '0');
    if (count > kMostCopies)
      return Error{"", "too many copies '" + std::string(text) + "'", expected};
  }
  if (count == 0) return Error{"", "zero copies", expected};
  return count;
}

}  // namespace

Result<TaskSpec> parse_task_spec(std::string_view spec) {
  const std::string where = "task '" + std::string(spec) + "'";
  const std::size_t equals = spec.find('=');
  if (equals == std::string_view::npos) {
    return Error{where, "no '=' between a name and what the task does", std::string(kTaskForm)};
  }
  std::string_view name = spec.substr(0, equals);
  const std::string_view body = spec.substr(equals + 1);
  std::size_t copies = 0;
  if (const std::size_t star = name.find('*'); star != std::string_view::npos) {
    Result<std::size_t> count = parse_copies(name.substr(star + 1));
    if (!count) return count.error().within(where);
    copies = *count;
    name = name.substr(0, star);
  }
  if (name.empty()) return Error{where, "empty task name", "a name before '=', like one=1s"};
  for (char c : name) {
    if (!is_name_char(c)) {
      return Error{
          where,
          "bad character '" + std::string(1, c) + "' in task name '" + std::string(name) + "'",
          "a name of letters, digits, '_' and '-'"};
    }
  }
  if (body.empty()) {
    return Error{where, "task '" + std::string(name) + "' does nothing",
                 "a duration or steps after '=', like " + std::string(name) + "=1s"};
  }
  // Steps always contain "KIND:"; anything else is the NAME=DURATION shorthand.
  Result<StepList> steps =
      body.find(':') == std::string_view::npos ? shorthand_steps(name, body) : listed_steps(body);
  if (!steps) return steps.error().within(where);
  // The sync run adds up every wait of every copy: refuse now what the clock could not count.
  Duration::rep wait = 0;
  bool too_long = false;
  for (const auto& step : steps.value()) {
    too_long = too_long || __builtin_add_overflow(wait, step->planned_wait().count(), &wait);
  }
  const auto tasks = static_cast<Duration::rep>(copies == 0 ? 1 : copies);
  Duration::rep all_copies = 0;
  too_long = too_long || __builtin_mul_overflow(wait, tasks, &all_copies);
  if (too_long) return Error{where, std::string(kTooLongInAll), "shorter waits, or fewer of them"};
  TaskSpec task;
  task.name = std::string(name);
  task.steps = std::make_shared<const StepList>(std::move(steps).value());
  task.copies = copies;
  return task;
}

std::string format_task_spec(const TaskSpec& task) {
  std::string spec = task.name;
  if (task.copies != 0) spec += "*" + std::to_string(task.copies);
  spec += '=';
  for (std::size_t i = 0; i < task.steps->size(); ++i) {
    if (i > 0) spec += ',';
    for (char c : (*task.steps)[i]->spec()) {
      if (c == ',' || c == '\\') spec += '\\';
      spec += c;
    }
  }
  return spec;
}

}  // namespace asyncdemo
