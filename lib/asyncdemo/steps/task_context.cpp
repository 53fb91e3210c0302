#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

SleepFor::SleepFor(const TaskContext& ctx, Duration duration) : ctx_(ctx) {
  TraceEvent asleep = ctx.event(EventKind::sleep);
  asleep.seconds = duration;
  ctx.record(asleep);
  ctx.self().deadline = asleep.t + duration;
  ctx.self().yields = duration == Duration::zero();
}

void SleepFor::await_resume() const {
  const TaskState& task = ctx_.self();
  if (task.cancelled()) throw Cancelled{};
  TraceEvent awake = ctx_.event(EventKind::wake);
  awake.late = awake.t - task.deadline;
  ctx_.record(awake);
}

}  // namespace asyncdemo
