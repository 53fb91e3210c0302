#include "asyncdemo/steps/group_step.hpp"

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/core/task_failed.hpp"
#include "asyncdemo/steps/step_awaiter.hpp"

namespace asyncdemo {

Task GroupStep::run(TaskContext& ctx) const {
  for (std::size_t round = 0; round < times_; ++round) {
    for (const auto& step : steps_) {
      // Where the exception leaves a group, it learns the step it came from, unless a group
      // further in already said.
      try {
        co_await StepAwaiter(*step, ctx);
      } catch (Cancelled& cancelled) {
        if (cancelled.at.empty()) cancelled.at = step->spec();
        throw;
      } catch (TaskFailed& failure) {
        if (failure.at.empty()) failure.at = step->spec();
        throw;
      } catch (Deadlocked& deadlock) {
        if (deadlock.at.empty()) deadlock.at = step->spec();
        throw;
      } catch (const std::exception& error) {
        throw TaskFailed{error.what(), step->spec()};
      }
    }
  }
}

Duration GroupStep::planned_wait() const {
  // Saturates: a total the clock cannot count is refused before the run (Scenario).
  Duration::rep once = 0;
  for (const auto& step : steps_) {
    if (__builtin_add_overflow(once, step->planned_wait().count(), &once)) return Duration::max();
  }
  Duration::rep all = 0;
  if (__builtin_mul_overflow(once, static_cast<Duration::rep>(times_), &all)) {
    return Duration::max();
  }
  return Duration(all);
}

std::string GroupStep::spec() const {
  std::string text = "(";
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    if (i > 0) text += ',';
    text += steps_[i]->spec();
  }
  return text + ")*" + std::to_string(times_);
}

bool GroupStep::can_fail() const {
  for (const auto& step : steps_) {
    if (step->can_fail()) return true;
  }
  return false;
}

bool GroupStep::needs_real_time() const {
  for (const auto& step : steps_) {
    if (step->needs_real_time()) return true;
  }
  return false;
}

void GroupStep::references(std::vector<StepReference>& out) const {
  const std::size_t first = out.size();
  for (const auto& step : steps_) step->references(out);
  for (std::size_t i = first; i < out.size(); ++i) out[i].times *= times_;
}

}  // namespace asyncdemo
