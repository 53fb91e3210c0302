#pragma once

#include "asyncdemo/pictures/recorded_run.hpp"
#include "asyncdemo/pictures/timeline_chart.hpp"
#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Records the runs and, after the last one, draws the terminal lane chart to `out`.
class TimelineSink final : public TraceSink {
 public:
  TimelineSink(LineOutput& out, ChartStyle style, bool blank_line_first)
      : out_(out), style_(style), blank_line_first_(blank_line_first) {}
  void write(const TraceEvent& event) override { recorder_.add(event); }
  void finish() override;
  void flush() override { out_.flush(); }

 private:
  LineOutput& out_;
  ChartStyle style_;
  bool blank_line_first_;
  RunRecorder recorder_;
};

}  // namespace asyncdemo
