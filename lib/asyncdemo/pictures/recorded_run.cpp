#include "asyncdemo/pictures/recorded_run.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace asyncdemo {

std::size_t RunRecorder::lane_of(std::string_view task) {
  RecordedRun& run = runs_.back();
  // Most events are of the task the last one was of, or of the next lane's (tasks start, and
  // wake, in order): look there before the index, whose lookups miss the cache in a big run.
  for (const std::size_t guess : {last_lane_, last_lane_ + 1}) {
    if (guess < run.lanes.size() && run.lanes[guess].task == task) return last_lane_ = guess;
  }
  if (const auto found = lane_index_.find(task); found != lane_index_.end()) {
    return last_lane_ = found->second;
  }
  const std::size_t lane = last_lane_ = run.lanes.size();
  lane_index_.emplace(std::string(task), lane);
  run.lanes.push_back(Lane{});
  run.lanes.back().task = std::string(task);
  states_.emplace_back(run.mode);
  return lane;
}

void RunRecorder::add(const TraceEvent& event) {
  if (event.kind == EventKind::run_start || runs_.empty()) {
    runs_.push_back(RecordedRun{event.mode, event.run ? *event.run : RunFacts{}, {}, false});
    states_.clear();
    lane_index_.clear();
    last_lane_ = 0;
    spawns_.clear();
    if (event.kind == EventKind::run_start) return;
  }
  RecordedRun& run = runs_.back();
  if (event.kind == EventKind::run_end) {
    for (std::size_t i = 0; i < run.lanes.size(); ++i) {
      states_[i].close(event.t, run.lanes[i].spans);
    }
    if (event.run != nullptr) run.facts = *event.run;
    run.complete = true;
    order_as_spawn_tree(run);
    return;
  }
  const std::size_t index = lane_of(event.task);
  Lane& lane = run.lanes[index];
  states_[index].add(event, lane.spans);
  spawns_.add(event);
  switch (event.kind) {
    case EventKind::start:
      lane.started = event.t;
      break;
    case EventKind::print:
      lane.marks.push_back(Mark{MarkKind::print, event.t, std::string(event.text)});
      break;
    case EventKind::fetch_done:
      lane.marks.push_back(
          Mark{MarkKind::data, event.t,
               fmt::format("{} {}", event.status, shown_body(event.body, event.bytes))});
      break;
    case EventKind::end:
      lane.ended = event.t;
      lane.ending = Ending::finished;
      break;
    case EventKind::fail:
      lane.ended = event.t;
      lane.ending = Ending::failed;
      lane.at = std::string(event.at);
      lane.message = std::string(event.text);
      break;
    case EventKind::cancel:
      lane.ended = event.t;
      lane.ending = Ending::cancelled;
      lane.cancelled_by = event.reason;
      lane.at = std::string(event.at);
      break;
    default:
      break;
  }
}

std::optional<State> RunRecorder::state_of(std::string_view task) const {
  const auto found = lane_index_.find(std::string(task));
  if (found == lane_index_.end()) return std::nullopt;
  return states_[found->second].state();
}

void RunRecorder::order_as_spawn_tree(RecordedRun& run) const {
  if (spawns_.empty()) return;
  std::vector<std::string> names;
  names.reserve(run.lanes.size());
  for (const Lane& lane : run.lanes) names.push_back(lane.task);
  std::vector<std::size_t> depth;
  const std::vector<std::size_t> order = spawns_.shown_order(names, depth);
  std::vector<Lane> lanes;
  lanes.reserve(run.lanes.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    lanes.push_back(std::move(run.lanes[order[i]]));
    lanes.back().depth = depth[i];
  }
  run.lanes = std::move(lanes);
}

std::size_t shown_depth(const Lane& lane) {
  // A chain of spawns deeper than this would push names out of their column.
  constexpr std::size_t kDeepestIndent = 6;
  return std::min(lane.depth, kDeepestIndent);
}

std::string shown_name(const Lane& lane) {
  return std::string(2 * shown_depth(lane), ' ') + lane.task;
}

Duration longest_elapsed(const std::vector<RecordedRun>& runs) {
  Duration longest{};
  for (const RecordedRun& run : runs) longest = std::max(longest, run.facts.elapsed);
  return longest;
}

std::string speed_up_of(const std::vector<RecordedRun>& runs) {
  const RecordedRun* sync = nullptr;
  const RecordedRun* async = nullptr;
  for (const RecordedRun& run : runs) {
    if (!run.complete || run.facts.cancelled > 0) continue;
    (run.mode == Mode::sync ? sync : async) = &run;
  }
  if (sync == nullptr || async == nullptr || async->facts.elapsed <= Duration::zero()) return {};
  return fmt::format("{:.2f}x", static_cast<double>(sync->facts.elapsed.count()) /
                                    static_cast<double>(async->facts.elapsed.count()));
}

bool has_mode(const std::vector<RecordedRun>& runs, Mode mode) {
  return std::any_of(runs.begin(), runs.end(),
                     [mode](const RecordedRun& run) { return run.mode == mode; });
}

}  // namespace asyncdemo
