#include "asyncdemo/codegen/program_plan.hpp"

#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/steps/step_kinds.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {
namespace {

PlannedStep plan_step(const Step& step) {
  std::size_t times = 0;
  if (const StepList* inner = step.group_steps(times)) {
    PlannedStep group;
    group.is_group = true;
    group.times = times;
    for (const auto& each : *inner) {
      group.steps.push_back(plan_step(*each));
      group.can_fail = group.can_fail || group.steps.back().can_fail;
    }
    return group;
  }
  const std::string spec = step.spec();
  const std::size_t colon = spec.find(':');
  PlannedStep planned;
  const StepKind* kind = find_step_kind(std::string_view(spec).substr(0, colon));
  // The kind's own name, which outlives the plan; a spec without a known kind keeps its text
  // whole as the argument, and no language has code for it.
  planned.kind = kind != nullptr ? kind->name : std::string_view();
  planned.argument = colon == std::string::npos ? spec : spec.substr(colon + 1);
  // Besides fail: and fetch:, a program's await: raises the failure of the task it awaits, and
  // a release: too many raises ValueError.
  planned.can_fail = step.can_fail() || planned.kind == "await" || planned.kind == "release";
  if (kind != nullptr && kind->argument == "DURATION") {
    const Result<Duration> duration = parse_duration(planned.argument);
    if (duration) planned.duration = *duration;
  }
  return planned;
}

// What theory predicts, as run_start says it: where no formula does, the run once on the
// virtual clock, as the scheduler finds it.
Duration theory_of(const Scenario& scenario, Mode mode, std::size_t threads, OnError on_error) {
  const Theory theory = scenario.theory(mode, threads);
  if (!theory.needs_ideal_run) return theory.total;
  RunSettings ideal;
  ideal.threads = threads;
  ideal.on_error = on_error;
  ideal.warn = {};
  ideal.ideal_run_for_theory = false;
  Trace silent;
  StopSignal never;
  return run_scenario(scenario, mode, ClockKind::virtual_, silent, never, ideal).elapsed;
}

bool any_step(const std::vector<PlannedStep>& steps, const auto& matches) {
  for (const PlannedStep& step : steps) {
    if (matches(step) || (step.is_group && any_step(step.steps, matches))) return true;
  }
  return false;
}

}  // namespace

bool ProgramPlan::uses(std::string_view kind) const {
  for (const PlannedTask& task : tasks) {
    if (any_step(task.steps, [&](const PlannedStep& step) { return step.kind == kind; })) {
      return true;
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

bool ProgramPlan::has_groups() const {
  for (const PlannedTask& task : tasks) {
    if (any_step(task.steps, [](const PlannedStep& step) { return step.is_group; })) return true;
  }
  return false;
}

const PlannedTask* ProgramPlan::task_named(std::string_view name) const {
  for (const PlannedTask& task : tasks) {
    if (task.name == name) return &task;
  }
  return nullptr;
}

bool ProgramPlan::coordinates() const {
  for (std::string_view kind :
       {"spawn", "await", "acquire", "release", "put", "get", "set", "wait"}) {
    if (uses(kind)) return true;
  }
  return declarations.every_task.has_value();
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
  plan.theory = theory_of(scenario, settings.mode, plan.threads, settings.on_error);
  plan.declarations = scenario.declarations();
  std::size_t first = 0;
  for (const TaskSpec& spec : scenario.tasks()) {
    PlannedTask task{spec.name, spec.copies, {}, scenario.spawned(first)};
    for (const auto& step : *spec.steps) task.steps.push_back(plan_step(*step));
    plan.tasks.push_back(std::move(task));
    first += spec.task_count();
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
