#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/core/result.hpp"
#include "asyncdemo/core/task.hpp"
#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

// A name a step refers to, checked against the scenario before anything runs: a task it awaits
// or spawns, a limit, a queue or an event.
struct StepReference {
  enum class Kind { awaits, spawns, limit, queue, event };
  Kind kind;
  std::string name;
  std::size_t times = 1;  // how often one run of the step's task does it (a group repeats)
};

// One thing a task does. Each kind of step lives in a file of its own and is listed once in
// step_kinds.cpp. The same run() serves both modes: the executor behind the context decides
// whether a wait blocks the thread or suspends the coroutine.
class Step {
 public:
  virtual ~Step() = default;
  virtual Task run(TaskContext& ctx) const = 0;
  // How long this step keeps its task waiting, for what theory predicts.
  virtual Duration planned_wait() const { return Duration::zero(); }
  // The step as the user would write it, "sleep:1s", for messages and the trace.
  virtual std::string spec() const = 0;
  // True only for sleep:DURATION, which the scheduler awaits directly (for planned_wait())
  // instead of through run(): a sleeping task then holds one coroutine frame instead of two,
  // which is what a million sleeping tasks cost.
  virtual bool is_plain_sleep() const { return false; }
  // True for steps that never wait (print:): the scheduler can then take them with run_at_once,
  // without a coroutine, in a task that has no frame of its own (see TaskState).
  virtual bool never_waits() const { return false; }
  // Does what run() does, at once. Only for steps that never_waits().
  virtual void run_at_once(TaskContext& ctx) const { (void)ctx; }
  // True for steps that can make their task fail (fail:, fetch:): a scenario with one runs under
  // a TaskGroup rather than a plain gather (see GroupForm).
  virtual bool can_fail() const { return false; }
  // The names the step refers to (see StepReference).
  virtual void references(std::vector<StepReference>& out) const { (void)out; }
  // True for steps that cannot run on the virtual clock (fetch: real sockets need real time).
  virtual bool needs_real_time() const { return false; }
  // For a group, (STEP,...)*N: its steps, with N in `times`; null for every other step. For
  // what writes the steps out again, as a loop (asyncdemo code).
  virtual const std::vector<std::unique_ptr<const Step>>* group_steps(std::size_t& times) const {
    (void)times;
    return nullptr;
  }
};

using StepList = std::vector<std::unique_ptr<const Step>>;

// The parse of every step whose argument is a DURATION (sleep, block, work): the step is made
// from the duration, and a bad duration is the error.
template <class DurationStep>
Result<std::unique_ptr<const Step>> parse_duration_step(std::string_view argument) {
  Result<Duration> duration = parse_duration(argument);
  if (!duration) return duration.error();
  return std::unique_ptr<const Step>(std::make_unique<DurationStep>(*duration));
}

}  // namespace asyncdemo
