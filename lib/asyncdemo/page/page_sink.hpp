#pragma once

#include <string>

#include "asyncdemo/core/pending_file.hpp"
#include "asyncdemo/page/page_recorder.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// --html FILE: records the runs for the interactive page and, after the last one, writes the
// page into `file` whole. In a live run it is also the loop's observer (observer()), which is
// how the page learns what the trace does not carry.
class PageSink final : public TraceSink {
 public:
  PageSink(PendingFile file, PageRecorder::Source source, ClockKind clock, std::size_t name_width)
      : file_(std::move(file)), recorder_(source, clock, name_width) {}
  void write(const TraceEvent& event) override { recorder_.add(event); }
  void finish() override;
  LoopObserver& observer() { return recorder_; }
  // Empty unless writing the file failed.
  const std::string& failure() const { return failure_; }

 private:
  PendingFile file_;
  PageRecorder recorder_;
  std::string failure_;
};

}  // namespace asyncdemo
