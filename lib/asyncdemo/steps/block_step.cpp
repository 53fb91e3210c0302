#include "asyncdemo/steps/block_step.hpp"

namespace asyncdemo {

Task BlockStep::run(TaskContext& ctx) const {
  TraceEvent blocking = ctx.event(EventKind::block);
  blocking.seconds = duration_;
  ctx.record(blocking);
  if (!ctx.executor().block(ctx.self(), blocking.t + duration_)) throw Cancelled{};
  TraceEvent unblocked = ctx.event(EventKind::unblock);
  unblocked.held = unblocked.t - blocking.t;
  ctx.record(unblocked);
  co_return;
}

}  // namespace asyncdemo
