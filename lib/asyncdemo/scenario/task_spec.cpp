#include "asyncdemo/scenario/task_spec.hpp"

#include <string>
#include <vector>

#include "asyncdemo/core/suggest.hpp"
#include "asyncdemo/steps/group_step.hpp"
#include "asyncdemo/steps/print_step.hpp"
#include "asyncdemo/steps/sleep_step.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

namespace asyncdemo {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// The length of "*N" at `at` (a '*' and digits), or 0.
std::size_t repeat_suffix(std::string_view body, std::size_t at) {
  if (at >= body.size() || body[at] != '*') return 0;
  std::size_t end = at + 1;
  while (end < body.size() && body[end] >= '0' && body[end] <= '9') ++end;
  return end > at + 1 ? end - at : 0;
}

// Splits on commas that are not escaped and not inside a group, resolving "\," and "\\"
// outside groups (a group's own text is split again, unresolved, when it is parsed); any other
// backslash is kept. A group is "(" at the start of a step up to the ")" that is followed by
// "*N" and then a comma, the end, or the ")" of an outer group.
std::vector<std::string> split_steps(std::string_view body) {
  std::vector<std::string> steps(1);
  int depth = 0;  // groups open around here
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\\' && i + 1 < body.size() && (body[i + 1] == ',' || body[i + 1] == '\\')) {
      if (depth > 0) steps.back() += c;
      steps.back() += body[++i];
    } else if (c == '(' && (steps.back().empty() ||
                            (depth > 0 && (body[i - 1] == ',' || body[i - 1] == '(')))) {
      ++depth;
      steps.back() += c;
    } else if (c == ')' && depth > 0 && repeat_suffix(body, i + 1) > 0) {
      const std::size_t after = i + 1 + repeat_suffix(body, i + 1);
      if (after == body.size() || body[after] == ',' || body[after] == ')') --depth;
      steps.back() += c;
    } else if (c == ',' && depth == 0) {
      steps.emplace_back();
    } else {
      steps.back() += c;
    }
  }
  return steps;
}

Result<StepList> listed_steps(std::string_view body);

// (STEP,...)*N: the group's steps, parsed as a task's are, N times.
Result<std::unique_ptr<const Step>> parse_group(std::string_view step) {
  const std::size_t close = step.rfind(')');
  const std::string expected = "(STEP,STEP,...)*N, a group of steps repeated N times (1 to " +
                               std::to_string(kMostRepeats) + "), like (get:jobs,work:100ms)*5";
  const std::size_t suffix = close == std::string_view::npos ? 0 : repeat_suffix(step, close + 1);
  if (close == std::string_view::npos || close == 1 || suffix == 0 ||
      suffix != step.size() - close - 1) {
    return Error{"", "group '" + std::string(step) + "' does not end in ')*N'", expected};
  }
  std::size_t times = 0;
  for (char c : step.substr(close + 2)) {
    times = times * 10 + static_cast<std::size_t>(c - '0');
    if (times > kMostRepeats) {
      return Error{"", "group '" + std::string(step) + "' repeats too often", expected};
    }
  }
  if (times == 0) return Error{"", "group '" + std::string(step) + "' repeats 0 times", expected};
  Result<StepList> steps = listed_steps(step.substr(1, close - 1));
  if (!steps) return steps.error().within("group '" + std::string(step) + "'");
  return std::unique_ptr<const Step>(std::make_unique<GroupStep>(std::move(steps).value(), times));
}

Result<std::unique_ptr<const Step>> parse_step(std::string_view step) {
  const std::size_t colon = step.find(':');
  if (step.empty()) return Error{"", "empty step", step_forms()};
  if (step.front() == '(') return parse_group(step);
  if (colon == std::string_view::npos) {
    return Error{"", "step '" + std::string(step) + "' has no ':'", step_forms()};
  }
  const std::string_view kind_name = step.substr(0, colon);
  const StepKind* kind = find_step_kind(kind_name);
  if (kind == nullptr) {
    std::vector<std::string_view> kinds;
    for (const StepKind& each : step_kinds()) kinds.push_back(each.name);
    return Error{"",
                 "unknown step '" + std::string(kind_name) + "'" + did_you_mean(kind_name, kinds),
                 step_forms()};
  }
  Result<std::unique_ptr<const Step>> parsed = kind->parse(step.substr(colon + 1));
  if (!parsed) return parsed.error().within("step '" + std::string(step) + "'");
  return parsed;
}

// The shorthand's prints in copies of a task (NAME*COUNT=DURATION): the copies share one list of
// steps, and each still says its own name, "w3 started".
class OwnNamePrint final : public Step {
 public:
  OwnNamePrint(std::string base, std::string what)
      : base_(std::move(base)), what_(std::move(what)) {}
  Task run(TaskContext& ctx) const override {
    const std::string text = std::string(ctx.task()) + " " + what_;
    TraceEvent printed = ctx.event(EventKind::print);
    printed.text = text;
    ctx.record(printed);
    co_return;
  }
  std::string spec() const override { return "print:" + base_ + "N " + what_; }

 private:
  std::string base_;
  std::string what_;
};

// NAME=DURATION: what the classic example's coroutines do, named after the task.
Result<StepList> shorthand_steps(std::string_view name, std::string_view body, bool copies) {
  Result<Duration> duration = parse_duration(body);
  if (!duration) {
    Error error = duration.error();
    error.expected += ", or steps such as sleep:1s,print:done";
    return error;
  }
  const auto say = [&](std::string what) -> std::unique_ptr<const Step> {
    if (copies) return std::make_unique<OwnNamePrint>(std::string(name), std::move(what));
    return std::make_unique<PrintStep>(std::string(name) + " " + what);
  };
  StepList steps;
  steps.push_back(say("started"));
  steps.push_back(std::make_unique<SleepStep>(*duration));
  steps.push_back(say("resumed"));
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

// Steps as written: "," and "\\" in a step's text escaped, a group's steps written the same way
// inside its "(...)*N", whose own text split_steps keeps as it is.
std::string format_steps(const StepList& steps) {
  std::string text;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i > 0) text += ',';
    if (const auto* group = dynamic_cast<const GroupStep*>(steps[i].get())) {
      text += "(" + format_steps(group->steps()) + ")*" + std::to_string(group->times());
      continue;
    }
    for (char c : steps[i]->spec()) {
      if (c == ',' || c == '\\') text += '\\';
      text += c;
    }
  }
  return text;
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
  Result<StepList> steps = body.find(':') == std::string_view::npos
                               ? shorthand_steps(name, body, copies != 0)
                               : listed_steps(body);
  if (!steps) return steps.error().within(where);
  // The sync run adds up every wait of every copy: refuse now what the clock could not count.
  Duration::rep wait = 0;
  bool too_long = false;
  for (const auto& step : steps.value()) {
    // A group's waits saturate at Duration::max() when they overflow.
    const Duration step_wait = step->planned_wait();
    too_long = too_long || step_wait == Duration::max() ||
               __builtin_add_overflow(wait, step_wait.count(), &wait);
  }
  const auto tasks = static_cast<Duration::rep>(copies == 0 ? 1 : copies);
  Duration::rep all_copies = 0;
  too_long = too_long || __builtin_mul_overflow(wait, tasks, &all_copies);
  if (too_long) return Error{where, std::string(kTooLongInAll), "shorter waits, or fewer of them"};
  TaskSpec task;
  task.name = std::string(name);
  task.steps = std::make_shared<const StepList>(std::move(steps).value());
  task.copies = copies;
  task.shorthand = body.find(':') == std::string_view::npos;
  return task;
}

std::string format_task_spec(const TaskSpec& task) {
  std::string spec = task.name;
  if (task.copies != 0) spec += "*" + std::to_string(task.copies);
  spec += '=';
  // The shorthand's copies print their own names, which no list of steps can say.
  if (task.shorthand) return spec + format_duration(task.planned_wait());
  return spec + format_steps(*task.steps);
}

}  // namespace asyncdemo
