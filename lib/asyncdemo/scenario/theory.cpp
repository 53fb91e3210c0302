#include "asyncdemo/scenario/theory.hpp"

#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {
namespace {

enum class Wait { none, sleep, block, work, fetch, fail };

struct PlannedStep {
  Wait wait = Wait::none;
  Duration duration{};
};

// What a step waits on, from its kind as written ("work:1s" is work).
Wait wait_of(const Step& step) {
  const std::string spec = step.spec();
  const std::string_view kind = std::string_view(spec).substr(0, spec.find(':'));
  if (kind == "sleep") return Wait::sleep;
  if (kind == "block") return Wait::block;
  if (kind == "work") return Wait::work;
  if (kind == "fail") return Wait::fail;
  if (step.needs_real_time()) return Wait::fetch;
  return Wait::none;
}

// The steps of a task up to the one that fails it, reduced to what theory needs.
std::vector<PlannedStep> plan_of(const TaskSpec& task) {
  std::vector<PlannedStep> plan;
  for (const auto& step : *task.steps) {
    const Wait wait = wait_of(*step);
    if (wait == Wait::fail) break;
    if (wait != Wait::none) plan.push_back(PlannedStep{wait, step->planned_wait()});
  }
  return plan;
}

Duration length_of(const std::vector<PlannedStep>& plan) {
  Duration total{};
  for (const PlannedStep& step : plan) total += step.duration;
  return total;
}

// One event loop, run in theory: tasks become ready at times; the loop runs each as soon as it
// is free; a block keeps it busy; work goes to the pool thread that frees up first.
class LoopModel {
 public:
  LoopModel(const std::vector<std::vector<PlannedStep>>& plans, std::size_t threads)
      : plans_(plans) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) threads_.push(Duration{});
  }

  Duration run(const Scenario& scenario) {
    std::uint32_t spec = 0;
    for (const TaskSpec& task : scenario.tasks()) {
      for (std::size_t copy = 0; copy < task.task_count(); ++copy) ready(Duration{}, spec, 0);
      ++spec;
    }
    Duration last{};
    while (!ready_.empty()) {
      const Ready next = ready_.top();
      ready_.pop();
      Duration now = std::max(next.at, loop_free_);
      const std::vector<PlannedStep>& plan = plans_[next.spec];
      std::uint32_t step = next.step;
      for (; step < plan.size(); ++step) {
        const PlannedStep& planned = plan[step];
        if (planned.wait == Wait::block) {
          now += planned.duration;
          loop_free_ = now;
          continue;
        }
        if (planned.wait == Wait::work) {
          const Duration free_at = threads_.top();
          threads_.pop();
          const Duration done = std::max(now, free_at) + planned.duration;
          threads_.push(done);
          ready(done, next.spec, step + 1);
          break;
        }
        // A sleep, or a fetch, which counts as no time.
        ready(now + planned.duration, next.spec, step + 1);
        break;
      }
      if (step == plan.size()) last = std::max(last, now);
    }
    return std::max(last, loop_free_);
  }

 private:
  struct Ready {
    Duration at;
    std::uint64_t order;  // equal times in the order they became ready
    std::uint32_t spec;
    std::uint32_t step;
    bool operator>(const Ready& other) const {
      return at != other.at ? at > other.at : order > other.order;
    }
  };
  void ready(Duration at, std::uint32_t spec, std::uint32_t step) {
    ready_.push(Ready{at, order_++, spec, step});
  }

  const std::vector<std::vector<PlannedStep>>& plans_;
  std::priority_queue<Ready, std::vector<Ready>, std::greater<>> ready_;
  std::priority_queue<Duration, std::vector<Duration>, std::greater<>> threads_;
  Duration loop_free_{};
  std::uint64_t order_ = 0;
};

}  // namespace

Theory predict(const Scenario& scenario, Mode mode, std::size_t threads) {
  Theory theory;
  // --limit N puts every task's body behind one semaphore: the tasks wait for each other.
  if (scenario.declarations().every_task) {
    theory.needs_ideal_run = true;
    theory.waits.tasks = true;
  }
  std::vector<std::vector<PlannedStep>> plans;
  for (const TaskSpec& task : scenario.tasks()) {
    for (const auto& step : *task.steps) {
      std::vector<StepReference> references;
      step->references(references);
      const bool group = step->spec().starts_with('(');
      theory.needs_ideal_run = theory.needs_ideal_run || group || !references.empty();
      for (const StepReference& reference : references) {
        theory.waits.tasks = theory.waits.tasks || reference.kind != StepReference::Kind::spawns;
      }
      if (group) {
        // What a group waits on, from the kinds its spec names.
        const std::string spec = step->spec();
        theory.waits.sleep = theory.waits.sleep || spec.find("sleep:") != std::string::npos;
        theory.waits.block = theory.waits.block || spec.find("block:") != std::string::npos;
        theory.waits.work = theory.waits.work || spec.find("work:") != std::string::npos;
      }
    }
    plans.push_back(plan_of(task));
    for (const PlannedStep& step : plans.back()) {
      theory.waits.sleep = theory.waits.sleep || step.wait == Wait::sleep;
      theory.waits.block = theory.waits.block || step.wait == Wait::block;
      theory.waits.work = theory.waits.work || step.wait == Wait::work;
      theory.waits.fetch = theory.waits.fetch || step.wait == Wait::fetch;
    }
  }
  // A fetch counts as no time: with one, theory is a lower bound (RunFacts::theory_known).
  if (mode == Mode::sync && !theory.needs_ideal_run) {
    std::size_t spec = 0;
    for (const TaskSpec& task : scenario.tasks()) {
      theory.total += length_of(plans[spec++]) * static_cast<Duration::rep>(task.task_count());
    }
    return theory;
  }
  if (theory.waits.work) theory.threads = threads;
  if (theory.needs_ideal_run) return theory;
  if (!theory.waits.work && !theory.waits.block) {
    for (const auto& plan : plans) theory.total = std::max(theory.total, length_of(plan));
    return theory;
  }
  theory.total = LoopModel(plans, threads).run(scenario);
  return theory;
}

}  // namespace asyncdemo
