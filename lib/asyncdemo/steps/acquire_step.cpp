#include "asyncdemo/steps/acquire_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"

namespace asyncdemo {
namespace {

Task acquire_limit(TaskContext& ctx, Limit& limit) {
  TraceEvent asking = ctx.event(EventKind::acquire);
  asking.on = limit.name();
  ctx.record(asking);
  const Duration began = asking.t;
  const TaskState* from = co_await limit.acquire(ctx);
  ctx.coordination().acquired(ctx.self(), limit);
  TraceEvent got = ctx.event(EventKind::acquired);
  got.on = limit.name();
  if (from != nullptr) got.other = from->label();
  got.waited = got.t - began;
  got.count = limit.holders().size();
  ctx.record(got);
}

}  // namespace

Task AcquireStep::run(TaskContext& ctx) const {
  co_await acquire_limit(ctx, ctx.coordination().limit(limit_));
}

Task AcquireEveryTaskStep::run(TaskContext& ctx) const {
  co_await acquire_limit(ctx, *ctx.coordination().every_task());
}

std::string AcquireEveryTaskStep::spec() const {
  return "acquire:" + std::string(kEveryTaskLimit);
}

}  // namespace asyncdemo
