#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/command.hpp"
#include "asyncdemo/core/result.hpp"
#include "asyncdemo/narration/narrator.hpp"
#include "asyncdemo/page/page_sink.hpp"
#include "asyncdemo/pictures/svg_sink.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

// Everything one command writes to, chosen from the options and opened before anything runs,
// so that a bad path is reported while nothing has happened yet: the trace format on standard
// output or -o, the terminal chart, the SVG file, the page (--html), the --explain narration.
class Outputs {
 public:
  enum class Purpose { run, render };
  // `name_width` is the longest task name, for the text trace's task column; `tasks` how many
  // there are.
  static Result<std::unique_ptr<Outputs>> open(const Options& options, Purpose purpose,
                                               std::size_t name_width, std::size_t tasks,
                                               StopSignal& stop);
  Outputs(const Outputs&) = delete;
  Outputs& operator=(const Outputs&) = delete;

  // Before anything is opened: refuses two options that name the same file (-o x --svg x,
  // -f x -o x, compared by device and inode where the file exists), or two outputs that would
  // both write to standard output.
  static std::optional<Error> check_paths(const Options& options, Purpose purpose);

  Trace& trace() { return trace_; }
  // What watches the loop as it runs: the narrator for --explain, the page's recorder for
  // --html, or both; null unless asked for.
  LoopObserver* observer();
  // After the last run: finishes every picture unless the run was stopped, flushes, and
  // reports any write failure. Returns the exit code.
  int finish(const StopSignal& stop);

 private:
  Outputs() = default;
  // Owns `sink` and, when `in_trace`, hands it the trace's events. Returns it.
  TraceSink& keep(std::unique_ptr<TraceSink> sink, bool in_trace = true);

  std::unique_ptr<LineOutput> main_;
  std::unique_ptr<LineOutput> chart_out_;  // only when the chart must not share main_
  std::vector<std::unique_ptr<TraceSink>> sinks_;
  SvgSink* svg_ = nullptr;
  bool svg_to_stdout_ = false;
  PageSink* page_ = nullptr;
  std::unique_ptr<Narrator> narrator_;
  LoopObservers observers_;
  Trace trace_;
};

}  // namespace asyncdemo
