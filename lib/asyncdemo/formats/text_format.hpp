#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"
#include "asyncdemo/trace/spawn_tree.hpp"

namespace asyncdemo {

struct TextStyle {
  bool color = false;
  std::size_t name_width = 0;  // the task column's width: the longest task name
};

// The human trace: one aligned line per event, a closing line per run and, once a sync and an
// async run have both finished, the two totals side by side with theory and the speed-up.
class TextFormat final : public TraceSink {
 public:
  TextFormat(LineOutput& out, TextStyle style) : out_(&out), style_(style) {}
  // Only makes lines, for those who ask for them by line() and statistics() (the page shows
  // them beside its pictures); write() and finish() must not be called.
  explicit TextFormat(TextStyle style) : style_(style) {}
  void write(const TraceEvent& event) override;
  void finish() override;
  void flush() override { out_->flush(); }

  // The line for one event, without a newline. Public for tests.
  std::string line(const TraceEvent& event) const;
  // The lines after a run_end line and its statistics: the failures, who spawned whom, then
  // what held the loop up. Public for tests.
  std::vector<std::string> summary(const TraceEvent& run_end) const;
  // The second closing line of a run: counts, lateness, the loop.
  std::string statistics(const TraceEvent& run_end) const;

 private:
  std::string paint(std::string_view text, std::string_view ansi) const;
  std::string describe(const TraceEvent& event) const;

  LineOutput* out_ = nullptr;
  TextStyle style_;
  bool wrote_a_run_ = false;
  // The run's failures as its fail events told them, for a run_end that does not list them (a
  // trace read back from JSON lines carries only their count).
  std::vector<TaskFailure> failures_;
  SpawnTree spawns_;  // of the run being written
  std::optional<RunFacts> sync_run_;
  std::optional<RunFacts> async_run_;
};

}  // namespace asyncdemo
