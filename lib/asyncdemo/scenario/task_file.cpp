#include "asyncdemo/scenario/task_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/scenario/task_spec.hpp"

namespace asyncdemo {
namespace {

constexpr std::string_view kOneTaskPerLine = "a readable file with one task per line";

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

// Closes the file it holds, if it opened one.
struct OpenFile {
  int fd = -1;
  bool owned = false;
  ~OpenFile() {
    if (owned) ::close(fd);
  }
};

}  // namespace

Error TaskFileParser::at_line(const Error& error) const {
  return error.within(source_ + ":" + std::to_string(line_));
}

std::optional<Error> TaskFileParser::take_line(std::string_view raw) {
  const std::string_view line = trim(raw);
  if (line.empty() || line.front() == '#') return std::nullopt;
  Result<TaskSpec> task = parse_task_spec(line);
  if (!task) return at_line(task.error());
  task_count_ += task->task_count();
  if (task_count_ > kMostTasks) {
    return at_line(Error{"", "more than " + std::to_string(kMostTasks) + " tasks in all",
                         "at most " + std::to_string(kMostTasks) + " tasks, all specs together"});
  }
  tasks_.push_back(std::move(task).value());
  return std::nullopt;
}

std::optional<Error> TaskFileParser::feed(std::string_view bytes) {
  while (!error_ && !bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    // Checked before anything is kept, so a line that never ends costs at most the limit.
    if (partial_.size() + piece.size() > longest_line_) {
      error_ =
          at_line(Error{"", "the line is longer than " + std::to_string(longest_line_) + " bytes",
                        "one task per line, like one=1s"});
      break;
    }
    if (newline == std::string_view::npos) {
      partial_.append(piece);
      break;
    }
    if (partial_.empty()) {
      error_ = take_line(piece);
    } else {
      partial_.append(piece);
      error_ = take_line(partial_);
      partial_.clear();
    }
    ++line_;
    bytes.remove_prefix(newline + 1);
  }
  return error_;
}

Result<std::vector<TaskSpec>> TaskFileParser::finish() {
  if (!error_ && !partial_.empty()) {
    error_ = take_line(partial_);
    partial_.clear();
  }
  if (error_) return *error_;
  return std::move(tasks_);
}

Result<std::vector<TaskSpec>> parse_task_text(std::string_view text, std::string_view source) {
  TaskFileParser parser{std::string(source)};
  if (std::optional<Error> error = parser.feed(text)) return *error;
  return parser.finish();
}

Result<std::vector<TaskSpec>> read_task_file(const std::string& path) {
  const bool standard_input = path == "-";
  const std::string name = standard_input ? "standard input" : "'" + path + "'";
  const std::string expected =
      standard_input ? "tasks on standard input, one per line, like: echo one=1s | asyncdemo -f -"
                     : std::string(kOneTaskPerLine);
  const auto cannot_read = [&](int error) {
    const std::string why = error == EISDIR                    ? "it is a folder"
                            : error == EBADF && standard_input ? "it is closed"
                                                               : std::strerror(error);
    return Error{"--file", "cannot read " + name + ": " + why, expected};
  };

  OpenFile file;
  if (standard_input) {
    file.fd = STDIN_FILENO;
  } else {
    file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file.fd < 0) return cannot_read(errno);
    file.owned = true;
  }
  struct stat status {};
  if (::fstat(file.fd, &status) != 0) return cannot_read(errno);
  if (S_ISDIR(status.st_mode)) return cannot_read(EISDIR);
  if (standard_input && ::isatty(file.fd) == 1) {
    print_note("waiting for tasks on standard input, one per line; end them with Ctrl-D");
  }

  TaskFileParser parser{standard_input ? "standard input" : path};
  char buffer[64 * 1024];
  while (true) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return cannot_read(errno);
    if (n == 0) break;
    if (std::optional<Error> error = parser.feed({buffer, static_cast<std::size_t>(n)})) {
      return *error;
    }
  }
  return parser.finish();
}

}  // namespace asyncdemo
