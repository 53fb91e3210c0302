#include "asyncdemo/steps/wait_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"

namespace asyncdemo {

Task WaitStep::run(TaskContext& ctx) const {
  TraceEvent waiting = ctx.event(EventKind::wait);
  waiting.on = event_;
  ctx.record(waiting);
  const Duration began = waiting.t;
  const TaskState* setter = co_await ctx.coordination().event(event_).wait(ctx);
  TraceEvent woken = ctx.event(EventKind::woken);
  woken.on = event_;
  if (setter != nullptr) woken.other = setter->label();
  woken.waited = woken.t - began;
  ctx.record(woken);
}

}  // namespace asyncdemo
