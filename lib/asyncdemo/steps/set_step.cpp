#include "asyncdemo/steps/set_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"

namespace asyncdemo {

Task SetStep::run(TaskContext& ctx) const {
  const std::size_t woken = ctx.coordination().event(event_).set(ctx.executor(), ctx.self());
  TraceEvent set = ctx.event(EventKind::set);
  set.on = event_;
  set.count = woken;
  ctx.record(set);
  co_return;
}

}  // namespace asyncdemo
