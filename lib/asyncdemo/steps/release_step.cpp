#include "asyncdemo/steps/release_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"
#include "asyncdemo/core/task_failed.hpp"

namespace asyncdemo {

Task ReleaseStep::run(TaskContext& ctx) const {
  Limit& limit = ctx.coordination().limit(limit_);
  if (!limit.release(ctx.executor(), ctx.self())) {
    throw TaskFailed{"released " + limit_ + " more often than it was acquired: all " +
                     std::to_string(limit.capacity()) +
                     " slots are free (BoundedSemaphore raises ValueError)"};
  }
  ctx.coordination().released(ctx.self(), limit);
  TraceEvent released = ctx.event(EventKind::release);
  released.on = limit_;
  released.count = limit.holders().size();
  ctx.record(released);
  co_return;
}

}  // namespace asyncdemo
