#include "asyncdemo/steps/work_step.hpp"

namespace asyncdemo {

Task WorkStep::run(TaskContext& ctx) const {
  TraceEvent queued = ctx.event(EventKind::work_queue);
  queued.seconds = duration_;
  ctx.record(queued);

  WorkItem item;
  item.duration = duration_;
  co_await AwaitWork(ctx.executor(), item, AwaitWork::started);
  TraceEvent started = ctx.event(EventKind::work_start);
  started.waited = item.started - item.queued;
  started.worker = item.worker;
  ctx.record(started);

  co_await AwaitWork(ctx.executor(), item, AwaitWork::finished);
  TraceEvent finished = ctx.event(EventKind::work_end);
  finished.worker = item.worker;
  finished.late = finished.t - item.finished;
  ctx.record(finished);
}

}  // namespace asyncdemo
