#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "asyncdemo/coordination/event_flag.hpp"
#include "asyncdemo/coordination/item_queue.hpp"
#include "asyncdemo/coordination/limit.hpp"
#include "asyncdemo/coordination/task_links.hpp"
#include "asyncdemo/scenario/declarations.hpp"

namespace asyncdemo {

// What the tasks of one run coordinate through: the limits, queues and events its options
// declare, made anew for each run, and the scheduler's links between tasks. Steps look names up
// here; every name a step uses was checked before the run began.
class Coordination {
 public:
  Coordination(const Declarations& declarations, TaskLinks& links);

  Limit& limit(std::string_view name) { return *limits_.find(name)->second; }
  // --limit N: the limit around every task's whole body, or null.
  Limit* every_task() { return every_task_.get(); }
  ItemQueue& queue(std::string_view name) { return *queues_.find(name)->second; }
  EventFlag& event(std::string_view name) { return *events_.find(name)->second; }
  TaskLinks& tasks() { return links_; }

  // A task took a slot of `limit`, or gave one back; a task's slots are given back, the last
  // taken first, when it ends (release_held), as `async with` would.
  void acquired(const TaskState& task, Limit& limit) { held_[&task].push_back(&limit); }
  void released(const TaskState& task, const Limit& limit);
  // Gives back every slot the task still holds, recording a `release` for each.
  void release_held(const TaskContext& ctx);

 private:
  TaskLinks& links_;
  std::map<std::string, std::unique_ptr<Limit>, std::less<>> limits_;
  std::unique_ptr<Limit> every_task_;
  std::map<std::string, std::unique_ptr<ItemQueue>, std::less<>> queues_;
  std::map<std::string, std::unique_ptr<EventFlag>, std::less<>> events_;
  // By task, in the order it took them: a task that ends finds its own at once, however many
  // others hold slots (100,000 tasks through --limit 100).
  std::unordered_map<const TaskState*, std::vector<Limit*>> held_;
};

// The name the trace gives --limit N's limit.
inline constexpr std::string_view kEveryTaskLimit = "limit";

}  // namespace asyncdemo
