#include "support/task_bench.hpp"

#include <algorithm>

#include "asyncdemo/core/task_failed.hpp"

namespace asyncdemo::testing {

TaskBench::TaskBench() = default;

TaskContext TaskBench::task(std::string_view name) {
  TaskState& state = tasks_.emplace_back(name, scope_);
  roots_.emplace_back();
  return TaskContext(state);
}

void TaskBench::start(const TaskContext& ctx, Task root) {
  TaskState& state = ctx.self();
  const auto place = static_cast<std::size_t>(
      std::find_if(tasks_.begin(), tasks_.end(), [&](const TaskState& t) { return &t == &state; }) -
      tasks_.begin());
  state.created = true;
  state.waiter = root.start_for(std::noop_coroutine());
  roots_[place] = std::move(root);
  loop_.yield_now(state);
}

bool TaskBench::run() {
  const auto all_done = [this] {
    return std::all_of(roots_.begin(), roots_.end(), [](const Task& root) { return root.done(); });
  };
  return loop_.run_until(all_done) == EventLoop::Outcome::finished;
}

void TaskBench::cancel(std::initializer_list<TaskContext> tasks) {
  std::vector<Parked*> waiters;
  for (const TaskContext& ctx : tasks) waiters.push_back(&ctx.self());
  loop_.cancel(waiters);
}

std::string TaskBench::outcome(const TaskContext& ctx) const {
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    if (&tasks_[i] != &ctx.self()) continue;
    const Task& root = roots_[i];
    if (!root.valid()) return "not started";
    if (!root.done()) return "waiting";
    try {
      root.rethrow_if_failed();
    } catch (const Cancelled&) {
      return "cancelled";
    } catch (const TaskFailed& failure) {
      return "failed: " + failure.message;
    }
    return "finished";
  }
  return "no such task";
}

void TaskBench::note(const TaskContext& ctx, std::string_view what) {
  notes.push_back(format_seconds(ctx.now()) + " " + std::string(ctx.task()) + " " +
                  std::string(what));
}

}  // namespace asyncdemo::testing
