#include "asyncdemo/check/scaled_scenario.hpp"

#include <cmath>
#include <cstdlib>
#include <string>

#include "asyncdemo/scenario/task_spec.hpp"
#include "asyncdemo/scenario/task_spec_text.hpp"

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
  // Written out with every duration scaled, and read back: groups and all.
  std::vector<TaskSpec> tasks;
  for (const TaskSpec& task : scenario.tasks()) {
    Result<TaskSpec> shorter =
        parse_task_spec(task_spec_text(task, [factor](Duration d) { return scaled(d, factor); }));
    if (!shorter) return shorter.error().within("task '" + task.name + "'");
    tasks.push_back(std::move(shorter).value());
  }
  return Scenario::from_tasks(std::move(tasks), scenario.declarations());
}

}  // namespace asyncdemo
