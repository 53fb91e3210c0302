#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace spdlog {
class logger;
}

namespace asyncdemo {

// Where trace lines go: standard output or a file, written by spdlog through a sink that buffers
// lines until the program is about to wait, so that a pipe sees every line live while a burst of
// a million events costs a handful of writes.
//
// A closed pipe requests a quiet stop (StopReason::broken_pipe); any other write error requests
// a stop too and is kept in failure() for the top level to report. A regular file always ends in
// whole lines: a write that fails in the middle of a line (a full disk) has that part removed.
class LineOutput {
 public:
  // "-" means standard output; "" is an error. A file is created (or truncated) now, so that an
  // unwritable path is reported before anything runs; when opening fails no file is created.
  static Result<std::unique_ptr<LineOutput>> open(const std::string& path, StopSignal& stop);
  // Standard error, for pictures that must not mix into a machine format on standard output.
  static std::unique_ptr<LineOutput> standard_error(StopSignal& stop);
  ~LineOutput();
  LineOutput(const LineOutput&) = delete;
  LineOutput& operator=(const LineOutput&) = delete;

  void write_line(std::string_view line);
  void flush();
  bool is_terminal() const { return is_terminal_; }
  int fd() const { return fd_; }
  // Empty unless a write failed for a reason other than a closed pipe.
  std::string failure() const;

 private:
  class FdSink;
  LineOutput(int fd, bool owns_fd, std::string name, StopSignal& stop);

  int fd_;
  std::shared_ptr<FdSink> sink_;
  std::unique_ptr<spdlog::logger> logger_;
  bool is_terminal_ = false;
};

}  // namespace asyncdemo
