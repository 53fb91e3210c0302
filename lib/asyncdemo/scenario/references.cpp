#include "asyncdemo/scenario/references.hpp"

#include <algorithm>
#include <functional>
#include <string>

#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

TaskIndex::TaskIndex(const std::vector<TaskSpec>& tasks) : tasks_(tasks) {
  std::size_t next = 0;
  for (const TaskSpec& task : tasks) {
    first_.push_back(next);
    next += task.task_count();
  }
}

std::optional<TaskRange> TaskIndex::find(std::string_view name) const {
  for (std::size_t spec = 0; spec < tasks_.size(); ++spec) {
    const TaskSpec& task = tasks_[spec];
    if (task.name == name) return TaskRange{first_[spec], task.task_count()};
    // A copy's own name: the base, then its number from 1.
    if (task.copies == 0 || !name.starts_with(task.name)) continue;
    const std::string_view number = name.substr(task.name.size());
    if (number.empty() || number.front() == '0' || number.size() > 8) continue;
    std::size_t n = 0;
    bool digits = true;
    for (char c : number) {
      digits = digits && c >= '0' && c <= '9';
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (digits && n >= 1 && n <= task.copies) return TaskRange{first_[spec] + n - 1, 1};
  }
  return std::nullopt;
}

std::size_t TaskIndex::spec_of(std::size_t index) const {
  return static_cast<std::size_t>(std::upper_bound(first_.begin(), first_.end(), index) -
                                  first_.begin()) -
         1;
}

namespace {

Error at_step(const TaskSpec& task, const std::string& problem, const std::string& expected) {
  return Error{"task '" + task.name + "'", problem, expected};
}

}  // namespace

Result<std::vector<bool>> check_references(const std::vector<TaskSpec>& tasks,
                                           const Declarations& declarations) {
  const TaskIndex index(tasks);
  std::size_t task_count = 0;
  for (const TaskSpec& task : tasks) task_count += task.task_count();
  std::vector<bool> spawned(task_count, false);
  std::vector<std::size_t> spawns(task_count, 0);
  std::vector<std::vector<std::size_t>> awaits(tasks.size());      // spec -> specs it awaits
  std::vector<std::vector<std::size_t>> spawned_by(tasks.size());  // spec -> specs spawning it
  for (std::size_t spec = 0; spec < tasks.size(); ++spec) {
    const TaskSpec& task = tasks[spec];
    std::vector<StepReference> references;
    for (const auto& step : *task.steps) step->references(references);
    for (const StepReference& ref : references) {
      switch (ref.kind) {
        case StepReference::Kind::limit:
          if (declarations.limit(ref.name) == nullptr) {
            return at_step(task, "no limit '" + ref.name + "' is declared",
                           "--limit " + ref.name + "=N, how many tasks may hold it at once");
          }
          continue;
        case StepReference::Kind::queue:
          if (declarations.queue(ref.name) == nullptr) {
            return at_step(task, "no queue '" + ref.name + "' is declared",
                           "--queue " + ref.name + "=MAXSIZE (0: no limit)");
          }
          continue;
        case StepReference::Kind::event:
          if (!declarations.has_event(ref.name)) {
            return at_step(task, "no event '" + ref.name + "' is declared", "--event " + ref.name);
          }
          continue;
        case StepReference::Kind::awaits:
        case StepReference::Kind::spawns:
          break;
      }
      const std::optional<TaskRange> target = index.find(ref.name);
      const bool awaiting = ref.kind == StepReference::Kind::awaits;
      if (!target) {
        return at_step(task, "no task '" + ref.name + "' to " + (awaiting ? "await" : "spawn"),
                       "the name of a task of this run");
      }
      const std::size_t own = index.first_of(spec);
      if (target->first < own + task.task_count() && own < target->first + target->count) {
        return at_step(
            task,
            std::string(awaiting ? "it awaits" : "it spawns") + " itself ('" + ref.name + "')",
            "another task's name");
      }
      for (std::size_t t = target->first; t < target->first + target->count; ++t) {
        const std::size_t target_spec = index.spec_of(t);
        if (awaiting) {
          awaits[spec].push_back(target_spec);
          continue;
        }
        spawned[t] = true;
        spawns[t] += ref.times * task.task_count();
        spawned_by[target_spec].push_back(spec);
        if (spawns[t] > 1) {
          return at_step(task,
                         "task '" + tasks[target_spec].task_name(t - index.first_of(target_spec)) +
                             "' is spawned more than once",
                         "each task spawned once, by one spawn step that runs once");
        }
      }
    }
  }
  // Every spawned task is spawned by a task that runs: one that starts, or is spawned by one.
  std::vector<bool> runs(tasks.size(), false);
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t spec = 0; spec < tasks.size(); ++spec) {
      if (runs[spec]) continue;
      const bool starts = !spawned[index.first_of(spec)];
      const bool by_runner = std::any_of(spawned_by[spec].begin(), spawned_by[spec].end(),
                                         [&](std::size_t by) { return runs[by]; });
      if (starts || by_runner) runs[spec] = grew = true;
    }
  }
  for (std::size_t spec = 0; spec < tasks.size(); ++spec) {
    if (!runs[spec]) {
      return Error{"task '" + tasks[spec].name + "'",
                   "it is spawned only by tasks that never start",
                   "a spawn step in a task that starts with the run, or is spawned itself"};
    }
  }
  // Awaits that go round in a cycle would wait forever: name the cycle.
  std::vector<int> state(tasks.size(), 0);  // 0 unseen, 1 on the path, 2 done
  std::vector<std::size_t> path;
  std::function<std::optional<std::string>(std::size_t)> visit =
      [&](std::size_t spec) -> std::optional<std::string> {
    state[spec] = 1;
    path.push_back(spec);
    for (std::size_t next : awaits[spec]) {
      if (state[next] == 1) {
        std::string cycle;
        for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it) {
          cycle += tasks[*it].name + " -> ";
        }
        return cycle + tasks[next].name;
      }
      if (state[next] == 0) {
        if (std::optional<std::string> found = visit(next)) return found;
      }
    }
    path.pop_back();
    state[spec] = 2;
    return std::nullopt;
  };
  for (std::size_t spec = 0; spec < tasks.size(); ++spec) {
    if (state[spec] != 0) continue;
    if (std::optional<std::string> cycle = visit(spec)) {
      return Error{"", "tasks await each other in a cycle: " + *cycle + " (each waits forever)",
                   "awaits that end: no task awaits one that awaits it, directly or not"};
    }
  }
  return spawned;
}

}  // namespace asyncdemo
