#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

void begin_sleep(const TaskContext& ctx, Duration duration) {
  TraceEvent asleep = ctx.event(EventKind::sleep);
  asleep.seconds = duration;
  ctx.record(asleep);
  ctx.self().deadline = asleep.t + duration;
  ctx.self().yields = duration == Duration::zero();
}

void end_sleep(const TaskContext& ctx) {
  const TaskState& task = ctx.self();
  if (task.cancelled()) throw Cancelled{};
  TraceEvent awake = ctx.event(EventKind::wake);
  awake.late = awake.t - task.deadline;
  ctx.record(awake);
}

}  // namespace asyncdemo
