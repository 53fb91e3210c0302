#include "asyncdemo/check/scaled_scenario.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include "asyncdemo/steps/step_kinds.hpp"

namespace asyncdemo {

Result<double> parse_scale(std::string_view text) {
  const Error error{"--scale", "'" + std::string(text) + "' is not a scale",
                    "a number above 0 and at most 1000 that multiplies every duration, like "
                    "--scale 0.1 (ten times faster)"};
  if (text.empty() || text.size() > 20) return error;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.')) return error;
  }
  const std::string copy(text);
  char* end = nullptr;
  const double factor = std::strtod(copy.c_str(), &end);
  if (*end != '\0' || !(factor > 0) || factor > 1000) return error;
  return factor;
}

Duration scaled(Duration d, double factor) {
  if (d == Duration::zero()) return d;
  const double micros = std::round(static_cast<double>(d.count()) * factor / 1000.0);
  return std::chrono::microseconds(std::max<std::int64_t>(1, static_cast<std::int64_t>(micros)));
}

Result<Scenario> scaled_scenario(const Scenario& scenario, double factor) {
  if (factor == 1) return scenario;
  std::vector<TaskSpec> tasks;
  for (const TaskSpec& task : scenario.tasks()) {
    auto steps = std::make_shared<StepList>();
    for (const auto& step : *task.steps) {
      const std::string spec = step->spec();
      const std::size_t colon = spec.find(':');
      const StepKind* kind = colon == std::string::npos
                                 ? nullptr
                                 : find_step_kind(std::string_view(spec).substr(0, colon));
      Result<Duration> duration = parse_duration(std::string_view(spec).substr(colon + 1));
      if (kind == nullptr || kind->argument != "DURATION" || !duration) {
        // Nothing to scale: parse the spec again for a step of our own.
        Result<std::unique_ptr<const Step>> same =
            kind != nullptr ? kind->parse(std::string_view(spec).substr(colon + 1))
                            : Result<std::unique_ptr<const Step>>(Error{"", "no kind", ""});
        if (!same) return same.error().within("task '" + task.name + "'");
        steps->push_back(std::move(same).value());
        continue;
      }
      Result<std::unique_ptr<const Step>> shorter =
          kind->parse(format_seconds(scaled(*duration, factor), 6) + "s");
      if (!shorter) return shorter.error().within("task '" + task.name + "'");
      steps->push_back(std::move(shorter).value());
    }
    tasks.push_back(TaskSpec{task.name, std::move(steps), task.copies});
  }
  return Scenario::from_tasks(std::move(tasks));
}

}  // namespace asyncdemo
