#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "asyncdemo/formats/text_format.hpp"
#include "asyncdemo/narration/narrator.hpp"
#include "asyncdemo/pictures/recorded_run.hpp"
#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// What the interactive page (--html) knows of the runs, gathered as the events come: each
// event's trace line and what its task is doing after it; the lanes of every run; and, in a
// live run, what only the loop knows, never written into the trace: the loop as it stood at
// each event (its turn, its ready queue, its timers, the pool, the network) and the --explain
// sentences between that event and the next. A saved trace (render) has none of that, and the
// page says so.
//
// A page holds at most kMostEventsPerRun events of each run: past that a run keeps its first
// events and its run_end, with one line saying how many were left out, and its lanes (drawn
// from every event) stay whole. A run of more than kMostLanes tasks is drawn as an overview:
// how many tasks were in each state over time.
class PageRecorder final : public LoopObserver {
 public:
  static constexpr std::size_t kMostEventsPerRun = 200'000;
  static constexpr std::size_t kMostLanes = 50;
  static constexpr std::size_t kOverviewBuckets = 200;
  static constexpr std::size_t kReadyLabels = 6;

  enum class Source { run, trace };
  // `name_width` is the text trace's task column, as the lines are written.
  PageRecorder(Source source, ClockKind clock, std::size_t name_width);

  void add(const TraceEvent& event);
  // The page's data, one JSON object (see page/page.js for how it is read); ready to sit in a
  // <script> element: no '<' appears in it unescaped.
  std::string json() const;

  // LoopObserver
  void watching(const LoopView* loop) override { loop_ = loop; }
  void parked(const Parked& waiter, const LoopView& loop) override;
  void idle(const LoopView& loop, std::optional<Duration> wait) override;
  void resuming(const Parked& waiter, const LoopView& loop) override;
  void blocking(std::string_view task, std::string_view what, Duration now, Duration until,
                const LoopView* loop) override;
  void unblocked(std::string_view task, const LoopView* loop) override;

 private:
  struct RunPart {
    std::size_t first = 0;    // its run_start's index among the page's events
    std::size_t count = 0;    // its events on the page, the line for those left out included
    std::size_t dropped = 0;  // events left out
    std::size_t seen = 0;     // events the run has had so far
    std::string statistics;   // the text trace's second closing line
    std::vector<std::string> summary;
  };

  void say(std::string sentence);
  void keep(const TraceEvent& event);
  void keep_gap(const TraceEvent& run_end, std::size_t dropped);
  void append_loop_state();
  int task_index(std::string_view task);

  Source source_;
  Narrator narrator_;
  TextFormat lines_;
  RunRecorder runs_;
  std::vector<RunPart> parts_;
  const LoopView* loop_ = nullptr;
  std::size_t kept_ = 0;
  bool last_kept_ = false;   // whether the newest event is on the page (its sentences are)
  std::string events_;       // the kept events, JSON arrays separated by commas
  std::string loop_states_;  // one JSON value per kept event: the loop, or null
  std::string explain_;      // "index":"sentences" members
  std::string sentences_;    // said since the newest event
  std::vector<std::string> tasks_;
  std::unordered_map<std::string, int> task_index_;
};

}  // namespace asyncdemo
