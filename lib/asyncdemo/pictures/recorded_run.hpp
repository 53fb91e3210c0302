#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "asyncdemo/pictures/task_states.hpp"
#include "asyncdemo/pictures/vocabulary.hpp"
#include "asyncdemo/trace/event.hpp"
#include "asyncdemo/trace/spawn_tree.hpp"

namespace asyncdemo {

// The shape of a finished run that the terminal chart and the SVG draw from: runs -> lanes
// (one per task) -> spans in the states of the vocabulary, plus the instants where a task
// printed or a fetch's data arrived.
struct Mark {
  MarkKind kind = MarkKind::print;
  Duration t{};
  std::string text;  // print: the text; data: the status and the body's start, as the trace shows
};

struct Lane {
  std::string task;
  std::vector<Span> spans;          // in time order, never overlapping
  std::vector<Mark> marks;          // in time order
  std::optional<Duration> started;  // none: cancelled before it started
  std::optional<Duration> ended;    // finished, failed or cancelled at
  Ending ending = Ending::none;
  StopReason cancelled_by = StopReason::none;
  std::string at;         // failed or cancelled: the step it stood at, as written
  std::string message;    // failed: why
  std::size_t depth = 0;  // spawned: one more than its spawner; drawn under it, indented
};

// How far a lane's name is indented, in steps of two columns: its depth in the spawn tree, up to
// a limit.
std::size_t shown_depth(const Lane& lane);
// A lane's name as the terminal chart shows it: indented by its shown depth.
std::string shown_name(const Lane& lane);

struct RecordedRun {
  Mode mode = Mode::sync;
  RunFacts facts;  // as run_end carried them (run_start's until then)
  // In the order the tasks first appear; once run_end is seen, each spawned task follows its
  // spawner (see SpawnTree::shown_order).
  std::vector<Lane> lanes;
  bool complete = false;  // run_end was seen
};

// Builds RecordedRuns from trace events as they come. Copies every string it keeps.
class RunRecorder {
 public:
  void add(const TraceEvent& event);
  const std::vector<RecordedRun>& runs() const { return runs_; }
  // What `task` of the current run is doing after the events added so far; none before its
  // start, after its end, or for a task the run has not named.
  std::optional<State> state_of(std::string_view task) const;

 private:
  std::size_t lane_of(std::string_view task);
  void order_as_spawn_tree(RecordedRun& run) const;

  std::vector<RecordedRun> runs_;
  std::vector<TaskStateTracker> states_;  // per lane of the current run
  // Found by a view of the name, without making a string of it for every event.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view name) const {
      return std::hash<std::string_view>{}(name);
    }
  };
  std::size_t last_lane_ = 0;  // the lane of the last event
  // task -> lane of the current run
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> lane_index_;
  SpawnTree spawns_;  // of the current run
};

// The longest run's elapsed time: the common time scale of pictures that stack runs.
Duration longest_elapsed(const std::vector<RecordedRun>& runs);

// The speed-up of async over sync, "1.50x", when both runs went to their end (nothing was
// cancelled); empty otherwise.
std::string speed_up_of(const std::vector<RecordedRun>& runs);

// Which modes the runs are in, for legends whose words depend on it.
bool has_mode(const std::vector<RecordedRun>& runs, Mode mode);

}  // namespace asyncdemo
