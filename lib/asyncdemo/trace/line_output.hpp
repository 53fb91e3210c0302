#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace asyncdemo {

// Where trace lines go: standard output or a file. Lines wait in one buffer until the program is
// about to wait (flush) or the buffer is full, so that a pipe sees every line live while a burst
// of a million events costs a handful of write(2) calls. A writer that builds its line in place
// (JSON lines, millions of them) writes straight into the buffer with begin_line and end_line.
//
// A closed pipe requests a quiet stop (StopReason::broken_pipe); any other write error requests
// a stop too and is kept in failure() for the top level to report. A regular file always ends in
// whole lines: a write that fails in the middle of a line (a full disk) has that part removed.
// Lines after an error are dropped.
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

  // Appends `line` and a newline.
  void write_line(std::string_view line);
  // Room for at most `most` bytes at the end of the buffer; end_line(end) keeps the bytes up to
  // `end`, which must end with the line's newline. Nothing else may write in between.
  char* begin_line(std::size_t most) {
    if (size_ + most > capacity_) make_room(most);
    return buffer_.get() + size_;
  }
  void end_line(const char* end) {
    size_ = static_cast<std::size_t>(end - buffer_.get());
    ++buffered_lines_;
    if (size_ >= kFlushAt) flush();
  }
  void flush();
  bool is_terminal() const { return is_terminal_; }
  int fd() const { return fd_; }
  // Empty unless a write failed for a reason other than a closed pipe.
  std::string failure() const { return failure_; }

 private:
  static constexpr std::size_t kFlushAt = 64 * 1024;
  LineOutput(int fd, bool owns_fd, std::string name, StopSignal& stop);
  void make_room(std::size_t most);
  // A write failed after `written` bytes of the buffer went out: a regular file is cut back to
  // its last whole line, and the failure says how many lines it keeps.
  void fail(int error, std::size_t written);

  int fd_;
  bool owns_fd_;
  std::string name_;
  StopSignal& stop_;
  std::unique_ptr<char[]> buffer_;  // not a std::string: room made for a line is not zeroed
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t buffered_lines_ = 0;  // lines in the buffer
  std::size_t lines_written_ = 0;   // whole lines out before the buffer's
  bool broken_ = false;
  bool is_terminal_ = false;
  std::string failure_;
};

}  // namespace asyncdemo
