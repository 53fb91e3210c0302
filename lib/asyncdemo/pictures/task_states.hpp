#pragma once

#include <optional>
#include <vector>

#include "asyncdemo/pictures/vocabulary.hpp"
#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// The step that made a wait, for tooltips and slice names.
enum class Cause { none, sleep, block, work, fetch, task, limit, queue, event };

// A stretch of one task's life in one state.
struct Span {
  State state = State::running;
  Duration from{};
  Duration to{};
  Duration asked{};  // what the step asked for: the sleep's, block's or job's duration
  Cause cause = Cause::none;
  unsigned worker = 0;     // on_thread: the pool thread, from 1
  bool cut_short = false;  // a cancellation ended it, not the wait's own end
  Duration length() const { return to - from; }
};

// "sleep", "work", ...: the step kind behind a cause.
std::string_view to_string(Cause cause);

// Turns one task's events into the spans of the vocabulary as they close, for every picture
// alike. In async mode a wait is drawn as what it was: asleep up to the deadline, then late
// until the loop resumed the task; queued for a thread, then on it; waiting on the network.
// In sync mode every wait, whichever step made it, is the thread blocked in a call.
class TaskStateTracker {
 public:
  explicit TaskStateTracker(Mode mode) : mode_(mode) {}
  // Feeds one event of this task; the spans it closes are appended to `closed`, in time order.
  void add(const TraceEvent& event, std::vector<Span>& closed);
  // The run ended at `t` with this task still open: what it was doing was cut short.
  void close(Duration t, std::vector<Span>& closed);
  // What the task is doing now: the state of the span still open; none before its start and
  // after its end.
  std::optional<State> state() const {
    return open_ ? std::optional<State>(open_->state) : std::nullopt;
  }

 private:
  void open(State state, Duration from, Cause cause = Cause::none, Duration asked = {});
  void close_at(Duration t, std::vector<Span>& closed, bool cut_short = false);

  Mode mode_;
  std::optional<Span> open_;
  Duration queued_at_{};   // when the job under way was handed to the pool
  Duration work_asked_{};  // how long it runs on a thread
};

}  // namespace asyncdemo
