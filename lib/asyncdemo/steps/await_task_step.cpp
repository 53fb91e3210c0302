#include "asyncdemo/steps/await_task_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"

namespace asyncdemo {

Task AwaitTaskStep::run(TaskContext& ctx) const {
  TraceEvent awaiting = ctx.event(EventKind::await);
  awaiting.other = task_;
  ctx.record(awaiting);
  const Duration began = awaiting.t;
  co_await ctx.coordination().tasks().await_task(ctx, task_);
  TraceEvent awaited = ctx.event(EventKind::awaited);
  awaited.other = task_;
  awaited.waited = awaited.t - began;
  ctx.record(awaited);
}

}  // namespace asyncdemo
