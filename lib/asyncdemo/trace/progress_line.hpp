#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Where a run is, for its progress line.
struct Progress {
  Mode mode = Mode::sync;
  std::size_t finished = 0;  // tasks that ended: finished, failed or cancelled
  std::size_t tasks = 0;
  Duration elapsed{};
  Duration theory{};
  bool theory_known = true;  // false: a lower bound that leaves the network out
};

// "async: 412 of 1000 tasks finished, 0.612s elapsed, theory expects 1.000s", cut to fit
// `columns` (a line that wrapped could not be drawn over).
std::string progress_text(const Progress& progress, std::size_t columns);

// How long a run goes before its progress line appears, or nullopt for never: only in real time
// on a terminal's standard error, at once for --quiet (which shows nothing else until the end),
// after a second when the trace goes to a file; never beside --explain's narration.
std::optional<Duration> progress_delay(ClockKind clock, bool stderr_terminal, bool quiet,
                                       bool trace_to_file, bool explain);

// A sink that shows a live progress line on standard error while a run goes on, redrawn ten
// times a second by a thread of its own (a sync run's thread is blocked in its sleeps), and
// erased when the run ends, before the run's summary is written. It only counts events, so it
// goes before the trace's formats. Never part of the trace.
class ProgressLine final : public TraceSink {
 public:
  // `columns`: standard error's width.
  ProgressLine(Duration delay, std::size_t columns);
  ~ProgressLine() override;
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void write(const TraceEvent& event) override;

 private:
  void draw_until_stopped();

  const Duration delay_;
  const std::size_t columns_;
  std::atomic<std::size_t> finished_{0};
  std::mutex mutex_;  // guards what follows, set when a run starts and ends
  std::condition_variable wake_;
  bool stopping_ = false;
  bool running_ = false;
  Progress run_;
  std::chrono::steady_clock::time_point started_;
  std::thread drawer_;
};

}  // namespace asyncdemo
