#pragma once

#include <map>
#include <string>
#include <vector>

#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Chrome Trace Event Format (the JSON that Perfetto and chrome://tracing open), in its array
// form, one event per line: one process per mode, one thread per task named by metadata
// events, each task's life and each sleep as complete ("X") events, prints as instant ("i")
// events with the text in args. Times are microseconds since the run began.
//
// The array form lets a viewer open a trace cut short by Ctrl-C, which lacks the closing "]".
class ChromeFormat final : public TraceSink {
 public:
  explicit ChromeFormat(LineOutput& out) : out_(out) {}
  void write(const TraceEvent& event) override;
  void finish() override;
  void flush() override { out_.flush(); }

 private:
  struct Open {
    Duration started{};
    Duration asleep{};
    Duration planned{};
    Duration blocked{};  // when the blocking call under way began
    Duration queued{};   // when the pool job under way was queued
    Duration working{};  // when a pool thread took it
    Duration work_planned{};
    Duration fetching{};  // when the fetch under way had its address
  };
  void emit(const std::string& object);
  int thread_of(std::string_view task);

  LineOutput& out_;
  bool opened_ = false;
  int pid_ = 0;
  std::vector<std::string> threads_;  // tasks of the current run; tid = index + 1
  std::map<std::string, Open, std::less<>> open_;
};

}  // namespace asyncdemo
