#include "asyncdemo/coordination/coordination.hpp"

#include <algorithm>

namespace asyncdemo {

Coordination::Coordination(const Declarations& declarations, TaskLinks& links) : links_(links) {
  for (const Declarations::Limit& limit : declarations.limits) {
    limits_.emplace(limit.name, std::make_unique<Limit>(limit.name, limit.size));
  }
  if (declarations.every_task) {
    every_task_ = std::make_unique<Limit>(std::string(kEveryTaskLimit), *declarations.every_task);
  }
  for (const Declarations::Queue& queue : declarations.queues) {
    queues_.emplace(queue.name, std::make_unique<ItemQueue>(queue.name, queue.maxsize));
  }
  for (const std::string& event : declarations.events) {
    events_.emplace(event, std::make_unique<EventFlag>(event));
  }
}

void Coordination::released(const TaskState& task, const Limit& limit) {
  const auto found = held_.find(&task);
  if (found == held_.end()) return;
  std::vector<Limit*>& limits = found->second;
  const auto last = std::find(limits.rbegin(), limits.rend(), &limit);
  if (last != limits.rend()) limits.erase(std::next(last).base());
  if (limits.empty()) held_.erase(found);
}

void Coordination::release_held(const TaskContext& ctx) {
  const auto found = held_.find(&ctx.self());
  if (found == held_.end()) return;
  const std::vector<Limit*> limits = std::move(found->second);
  held_.erase(found);
  for (auto each = limits.rbegin(); each != limits.rend(); ++each) {
    Limit& limit = **each;
    // Another task's release:LIMIT may have given this slot back already: nothing is left to
    // give back then (a bounded semaphore would raise instead).
    if (!limit.release(ctx.executor(), ctx.self())) continue;
    TraceEvent release = ctx.event(EventKind::release);
    release.on = limit.name();
    release.count = limit.holders().size();
    release.at = "end";
    ctx.record(release);
  }
}

}  // namespace asyncdemo
