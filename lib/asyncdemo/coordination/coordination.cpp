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
  const auto last = std::find_if(held_.rbegin(), held_.rend(), [&](const auto& hold) {
    return hold.first == &task && hold.second == &limit;
  });
  if (last != held_.rend()) held_.erase(std::next(last).base());
}

void Coordination::release_held(const TaskContext& ctx) {
  for (std::size_t i = held_.size(); i-- > 0;) {
    if (held_[i].first != &ctx.self()) continue;
    Limit& limit = *held_[i].second;
    held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(i));
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
