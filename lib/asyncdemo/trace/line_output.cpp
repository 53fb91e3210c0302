#include "asyncdemo/trace/line_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

namespace asyncdemo {

// Appends each line to a buffer and writes the buffer with write(2) when flushed or full.
class LineOutput::FdSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  FdSink(int fd, bool owns_fd, std::string name, StopSignal& stop)
      : fd_(fd), owns_fd_(owns_fd), name_(std::move(name)), stop_(stop) {}
  ~FdSink() override {
    flush_();
    if (owns_fd_) ::close(fd_);
  }

  std::string failure() const { return failure_; }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (broken_) return;
    // The trace formats own the whole line, so the payload is written as it is.
    buffer_.append(msg.payload.data(), msg.payload.size());
    buffer_ += '\n';
    ++buffered_lines_;
    if (buffer_.size() >= kFlushAt) flush_();
  }

  void flush_() override {
    std::size_t written = 0;
    while (!broken_ && written < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + written, buffer_.size() - written);
      if (n >= 0) {
        written += static_cast<std::size_t>(n);
      } else if (errno != EINTR) {
        fail(errno, written);
      }
    }
    if (!broken_) lines_written_ += buffered_lines_;
    buffered_lines_ = 0;
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kFlushAt = 64 * 1024;

  // A write failed after `written` bytes of the buffer went out. A file must still end in whole
  // lines (a full disk takes part of a line): a regular file is cut back to the last whole line,
  // and the message says how many lines it keeps.
  void fail(int error, std::size_t written) {
    broken_ = true;
    if (error == EPIPE) {
      stop_.request(StopReason::broken_pipe);  // the reader left: stop quietly
      return;
    }
    std::size_t whole = 0;  // bytes of the buffer that went out as whole lines
    if (written > 0) {
      const std::size_t newline = buffer_.rfind('\n', written - 1);
      if (newline != std::string::npos) whole = newline + 1;
    }
    std::size_t lines = lines_written_;
    for (std::size_t i = 0; i < whole; ++i) lines += buffer_[i] == '\n' ? 1 : 0;
    failure_ = "cannot write the trace to " + name_ + ": " + std::strerror(error);
    struct stat status {};
    if (::fstat(fd_, &status) != 0 || !S_ISREG(status.st_mode)) {
      if (written > whole) failure_ += "; its last line is cut short";
    } else {
      const off_t end = ::lseek(fd_, 0, SEEK_CUR);
      const auto torn = static_cast<off_t>(written - whole);
      if (torn == 0 || (end >= torn && ::ftruncate(fd_, end - torn) == 0)) {
        failure_ += "; the file keeps its first " + std::to_string(lines) + " lines, whole" +
                    (torn > 0 ? " (the line cut short was removed)" : "");
      } else {
        failure_ += "; its last line is cut short";
      }
    }
    stop_.request(StopReason::output_failed);
  }

  int fd_;
  bool owns_fd_;
  std::string name_;
  StopSignal& stop_;
  std::string buffer_;
  std::size_t buffered_lines_ = 0;
  std::size_t lines_written_ = 0;  // whole lines out before this buffer
  bool broken_ = false;
  std::string failure_;
};

Result<std::unique_ptr<LineOutput>> LineOutput::open(const std::string& path, StopSignal& stop) {
  if (path.empty()) {
    return Error{"--output", "empty path", "a file name, or - for standard output"};
  }
  if (path == "-") {
    return std::unique_ptr<LineOutput>(
        new LineOutput(STDOUT_FILENO, false, "standard output", stop));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    return Error{"--output", "cannot write '" + path + "': " + std::strerror(errno),
                 "a file path in a writable folder"};
  }
  return std::unique_ptr<LineOutput>(new LineOutput(fd, true, "'" + path + "'", stop));
}

std::unique_ptr<LineOutput> LineOutput::standard_error(StopSignal& stop) {
  return std::unique_ptr<LineOutput>(new LineOutput(STDERR_FILENO, false, "standard error", stop));
}

LineOutput::LineOutput(int fd, bool owns_fd, std::string name, StopSignal& stop)
    : fd_(fd),
      sink_(std::make_shared<FdSink>(fd, owns_fd, std::move(name), stop)),
      logger_(std::make_unique<spdlog::logger>("trace", sink_)),
      is_terminal_(::isatty(fd) == 1) {
  logger_->set_level(spdlog::level::trace);
  logger_->flush_on(spdlog::level::off);  // flushed by the loop when it goes idle, see flush()
}

LineOutput::~LineOutput() {
  logger_->flush();
}

void LineOutput::write_line(std::string_view line) {
  // The lines carry their own run time; passing a time point spares spdlog a clock read per line.
  logger_->log(spdlog::log_clock::time_point{}, spdlog::source_loc{}, spdlog::level::info,
               spdlog::string_view_t(line.data(), line.size()));
}

void LineOutput::flush() {
  logger_->flush();
}

std::string LineOutput::failure() const {
  return sink_->failure();
}

}  // namespace asyncdemo
