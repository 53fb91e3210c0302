#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

SleepFor::SleepFor(TaskContext& ctx, Duration duration) : ctx_(ctx) {
  TraceEvent asleep = ctx.event(EventKind::sleep);
  asleep.seconds = duration;
  ctx.record(asleep);
  timer_.deadline = asleep.t + duration;
}

void SleepFor::await_resume() const {
  if (timer_.cancelled) throw Cancelled{};
  TraceEvent awake = ctx_.event(EventKind::wake);
  awake.late = awake.t - timer_.deadline;
  ctx_.record(awake);
}

}  // namespace asyncdemo
