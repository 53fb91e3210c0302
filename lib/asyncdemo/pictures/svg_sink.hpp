#pragma once

#include <string>

#include "asyncdemo/core/pending_file.hpp"
#include "asyncdemo/pictures/recorded_run.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Records the runs and, after the last one, writes the SVG timeline into `file` whole.
class SvgSink final : public TraceSink {
 public:
  explicit SvgSink(PendingFile file) : file_(std::move(file)) {}
  void write(const TraceEvent& event) override { recorder_.add(event); }
  void finish() override;
  // Empty unless writing the file failed.
  const std::string& failure() const { return failure_; }

 private:
  PendingFile file_;
  RunRecorder recorder_;
  std::string failure_;
};

}  // namespace asyncdemo
