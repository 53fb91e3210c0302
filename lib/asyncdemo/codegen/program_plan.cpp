#include "asyncdemo/codegen/program_plan.hpp"

#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

namespace asyncdemo {
namespace {

PlannedStep plan_step(const Step& step) {
  const std::string spec = step.spec();
  const std::size_t colon = spec.find(':');
  PlannedStep planned;
  const StepKind* kind = find_step_kind(std::string_view(spec).substr(0, colon));
  // The kind's own name, which outlives the plan; a spec without a known kind keeps its text
  // whole as the argument, and no language has code for it.
  planned.kind = kind != nullptr ? kind->name : std::string_view();
  planned.argument = colon == std::string::npos ? spec : spec.substr(colon + 1);
  planned.can_fail = step.can_fail();
  if (kind != nullptr && kind->argument == "DURATION") {
    const Result<Duration> duration = parse_duration(planned.argument);
    if (duration) planned.duration = *duration;
  }
  return planned;
}

}  // namespace

bool ProgramPlan::uses(std::string_view kind) const {
  for (const PlannedTask& task : tasks) {
    for (const PlannedStep& step : task.steps) {
      if (step.kind == kind) return true;
    }
  }
  return false;
}

bool ProgramPlan::can_fail() const {
  for (const PlannedTask& task : tasks) {
    for (const PlannedStep& step : task.steps) {
      if (step.can_fail) return true;
    }
  }
  return false;
}

ProgramPlan plan_program(const Scenario& scenario, const PlanSettings& settings) {
  ProgramPlan plan;
  plan.command = settings.command;
  plan.mode = settings.mode;
  plan.form = group_form(scenario, settings.on_error);
  plan.on_error = settings.on_error;
  plan.timeout = settings.timeout;
  plan.threads = thread_pool_size(settings.threads);
  plan.task_count = scenario.task_count();
  plan.theory = settings.mode == Mode::sync ? scenario.sync_theory() : scenario.async_theory();
  for (const TaskSpec& spec : scenario.tasks()) {
    PlannedTask task{spec.name, spec.copies, {}};
    for (const auto& step : *spec.steps) task.steps.push_back(plan_step(*step));
    plan.tasks.push_back(std::move(task));
  }
  return plan;
}

std::string seconds_literal(Duration d) {
  std::string text = format_seconds(d, 9);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace asyncdemo
