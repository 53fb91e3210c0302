#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// The shape of a finished run that every picture draws from: runs -> lanes (one per task) ->
// spans of running and sleeping, plus the instants where a task printed.
enum class SpanKind { running, sleeping };

struct Span {
  SpanKind kind = SpanKind::running;
  Duration from{};
  Duration to{};
  Duration planned{};      // sleeping: the duration the task asked for
  bool cut_short = false;  // ended by a cancellation, not by waking
};

struct PrintMark {
  Duration t{};
  std::string text;
};

struct Lane {
  std::string task;
  std::vector<Span> spans;  // in time order, never overlapping
  std::vector<PrintMark> prints;
  std::optional<Duration> started;  // none: cancelled before it started
  std::optional<Duration> ended;    // finished or cancelled at
  bool cancelled = false;
  bool failed = false;  // ended by a failing step
};

struct RecordedRun {
  Mode mode = Mode::sync;
  RunFacts facts;           // as run_end carried them (run_start's until then)
  std::vector<Lane> lanes;  // in the order the tasks first appear
  bool complete = false;    // run_end was seen
};

// Builds RecordedRuns from trace events as they come. Copies every string it keeps.
class RunRecorder {
 public:
  void add(const TraceEvent& event);
  const std::vector<RecordedRun>& runs() const { return runs_; }

 private:
  Lane& lane_of(std::string_view task);
  void close_open_span(Lane& lane, Duration t, bool cut_short = false);

  std::vector<RecordedRun> runs_;
  std::vector<std::optional<Span>> open_;  // per lane of the current run: the span not yet ended
  std::unordered_map<std::string, std::size_t> lane_index_;  // task -> lane of the current run
};

// The longest run's elapsed time: the common time scale of pictures that stack runs.
Duration longest_elapsed(const std::vector<RecordedRun>& runs);

// The speed-up of async over sync, "1.50x", when both runs finished; empty otherwise.
std::string speed_up_of(const std::vector<RecordedRun>& runs);

}  // namespace asyncdemo
