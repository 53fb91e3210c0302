#include "asyncdemo/steps/put_step.hpp"

#include "asyncdemo/coordination/coordination.hpp"
#include "asyncdemo/scenario/declarations.hpp"

namespace asyncdemo {

Result<std::unique_ptr<const Step>> PutStep::parse(std::string_view argument) {
  const std::size_t equals = argument.find('=');
  const std::string_view queue = argument.substr(0, equals);
  if (equals == std::string_view::npos || !is_name(queue)) {
    return Error{"", "'" + std::string(argument) + "' is not QUEUE=ITEM",
                 "a queue's name, '=' and the item, like put:jobs=job1"};
  }
  return std::unique_ptr<const Step>(
      std::make_unique<PutStep>(std::string(queue), std::string(argument.substr(equals + 1))));
}

Task PutStep::run(TaskContext& ctx) const {
  ItemQueue& queue = ctx.coordination().queue(queue_);
  TraceEvent putting = ctx.event(EventKind::put);
  putting.on = queue_;
  putting.text = item_;
  ctx.record(putting);
  const Duration began = putting.t;
  co_await queue.put(ctx, item_);
  TraceEvent queued = ctx.event(EventKind::queued);
  queued.on = queue_;
  queued.text = item_;
  queued.waited = queued.t - began;
  queued.count = queue.size();
  ctx.record(queued);
}

}  // namespace asyncdemo
