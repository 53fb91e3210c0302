#include "asyncdemo/scenario/task_spec_text.hpp"

#include "asyncdemo/steps/step_kinds.hpp"

namespace asyncdemo {
namespace {

void append_steps(const StepList& steps, const std::function<Duration(Duration)>& duration,
                  std::string& text) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i > 0) text += ',';
    std::size_t times = 0;
    if (const StepList* inner = steps[i]->group_steps(times)) {
      text += '(';
      append_steps(*inner, duration, text);
      text += ")*" + std::to_string(times);
      continue;
    }
    const std::string spec = steps[i]->spec();
    // The kind never holds a comma or a backslash; only what follows its colon is escaped.
    const std::size_t colon = spec.find(':');
    if (colon == std::string::npos) {
      text += spec;
      continue;
    }
    std::string argument = spec.substr(colon + 1);
    const StepKind* kind = find_step_kind(std::string_view(spec).substr(0, colon));
    if (duration && kind != nullptr && kind->argument == "DURATION") {
      if (Result<Duration> parsed = parse_duration(argument)) {
        // Exact seconds, "0.1234s": the people's form of format_duration() keeps 3 digits only.
        argument = format_seconds(duration(*parsed), 9);
        while (argument.back() == '0') argument.pop_back();
        if (argument.back() == '.') argument.pop_back();
        argument += 's';
      }
    }
    text += spec.substr(0, colon + 1);
    for (char c : argument) {
      if (c == ',' || c == '\\') text += '\\';
      text += c;
    }
  }
}

}  // namespace

std::string task_spec_text(const TaskSpec& task,
                           const std::function<Duration(Duration)>& duration) {
  std::string text = task.name;
  if (task.copies != 0) text += "*" + std::to_string(task.copies);
  text += '=';
  append_steps(*task.steps, duration, text);
  return text;
}

}  // namespace asyncdemo
