#include "asyncdemo/trace/line_output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace asyncdemo {

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
      owns_fd_(owns_fd),
      name_(std::move(name)),
      stop_(stop),
      is_terminal_(::isatty(fd) == 1) {}

LineOutput::~LineOutput() {
  flush();
  if (owns_fd_) ::close(fd_);
}

void LineOutput::make_room(std::size_t most) {
  // Full lines go out first; only a line longer than the buffer grows it.
  if (size_ >= kFlushAt / 2) flush();
  if (size_ + most <= capacity_) return;
  const std::size_t capacity = std::max({size_ + most, capacity_ * 2, kFlushAt + kFlushAt / 2});
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ > 0) std::memcpy(bigger.get(), buffer_.get(), size_);
  buffer_ = std::move(bigger);
  capacity_ = capacity;
}

void LineOutput::write_line(std::string_view line) {
  char* out = begin_line(line.size() + 1);
  if (!line.empty()) std::memcpy(out, line.data(), line.size());
  out[line.size()] = '\n';
  end_line(out + line.size() + 1);
}

void LineOutput::flush() {
  std::size_t written = 0;
  while (!broken_ && written < size_) {
    const ssize_t n = ::write(fd_, buffer_.get() + written, size_ - written);
    if (n >= 0) {
      written += static_cast<std::size_t>(n);
    } else if (errno != EINTR) {
      fail(errno, written);
    }
  }
  if (!broken_) lines_written_ += buffered_lines_;
  buffered_lines_ = 0;
  size_ = 0;
}

void LineOutput::fail(int error, std::size_t written) {
  broken_ = true;
  if (error == EPIPE) {
    stop_.request(StopReason::broken_pipe);  // the reader left: stop quietly
    return;
  }
  const std::string_view buffer(buffer_.get(), size_);
  std::size_t whole = 0;  // bytes of the buffer that went out as whole lines
  if (written > 0) {
    const std::size_t newline = buffer.rfind('\n', written - 1);
    if (newline != std::string_view::npos) whole = newline + 1;
  }
  const std::size_t lines =
      lines_written_ +
      static_cast<std::size_t>(
          std::count(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(whole), '\n'));
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

}  // namespace asyncdemo
