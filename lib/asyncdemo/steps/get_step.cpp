#include "asyncdemo/steps/get_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"

namespace asyncdemo {

Task GetStep::run(TaskContext& ctx) const {
  ItemQueue& queue = ctx.coordination().queue(queue_);
  TraceEvent getting = ctx.event(EventKind::get);
  getting.on = queue_;
  ctx.record(getting);
  const Duration began = getting.t;
  ItemQueue::Item item;
  co_await queue.get(ctx, item);
  TraceEvent got = ctx.event(EventKind::got);
  got.on = queue_;
  got.text = item.text;
  got.other = item.from;
  got.waited = got.t - began;
  got.count = queue.size();
  ctx.record(got);
}

}  // namespace asyncdemo
