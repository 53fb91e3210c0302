#include "asyncdemo/steps/work_step.hpp"

#include <string>

namespace asyncdemo {
namespace {

// Parks the task until its job is done.
class AwaitWork {
 public:
  AwaitWork(TaskContext& ctx, WorkItem& item) : ctx_(ctx), item_(item) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    ctx_.self().waiter = waiter;
    return ctx_.executor().submit_work(item_, ctx_.self());
  }
  void await_resume() const {
    if (ctx_.self().cancelled()) throw Cancelled{};
  }

 private:
  TaskContext& ctx_;
  WorkItem& item_;
};

}  // namespace

Task WorkStep::run(TaskContext& ctx) const {
  TraceEvent queued = ctx.event(EventKind::work_queue);
  queued.seconds = duration_;
  ctx.record(queued);

  WorkItem item;
  item.duration = duration_;
  // A thread that takes the job says so when the loop gets to it, as the thread's
  // call_soon_threadsafe would: even after the task was cancelled, whose frame may be gone.
  item.on_start = [&executor = ctx.executor(), &trace = ctx.self().trace(),
                   task = std::string(ctx.task())](Duration queued_at, Duration started,
                                                   unsigned worker) {
    TraceEvent start;
    start.kind = EventKind::work_start;
    start.t = executor.clock().now();
    start.mode = executor.mode();
    start.task = task;
    start.waited = started - queued_at;
    start.worker = worker;
    trace.record(start);
  };
  co_await AwaitWork(ctx, item);

  TraceEvent finished = ctx.event(EventKind::work_end);
  finished.worker = item.worker;
  finished.late = finished.t - item.finished;
  ctx.record(finished);
}

}  // namespace asyncdemo
