#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/scenario/scenario.hpp"

namespace asyncdemo {

// The longest line a task file may have, its newline not counted. A task is one line, so this
// bounds what reading a file that never ends a line (/dev/zero) can cost.
inline constexpr std::size_t kLongestTaskLine = 64 * 1024;

// One task spec per line, from bytes as they arrive; blank lines and lines starting with '#'
// are skipped, spaces, tabs and a '\r' around a line trimmed. Errors name the source and the
// line: "tasks.txt:3: ...". The first error ends the parse.
class TaskFileParser {
 public:
  // `longest_line`: kLongestTaskLine, or less for tests and the fuzzer.
  explicit TaskFileParser(std::string source, std::size_t longest_line = kLongestTaskLine)
      : source_(std::move(source)), longest_line_(longest_line) {}

  // Takes the next bytes: every line they complete is parsed now.
  std::optional<Error> feed(std::string_view bytes);
  // The input ended; the last line needs no newline.
  Result<std::vector<TaskSpec>> finish();

 private:
  std::optional<Error> take_line(std::string_view raw);
  Error at_line(const Error& error) const;

  std::string source_;
  std::size_t longest_line_;
  std::string partial_;  // the line under way, without its newline
  std::size_t line_ = 1;
  std::size_t task_count_ = 0;
  std::vector<TaskSpec> tasks_;
  std::optional<Error> error_;
};

// All of `text` as a task file.
Result<std::vector<TaskSpec>> parse_task_text(std::string_view text, std::string_view source);

// Reads a task file; "-" reads standard input, and says on standard error that it waits for
// tasks when standard input is a terminal. A read error (a closed standard input, a folder) is
// an error, never "no tasks".
Result<std::vector<TaskSpec>> read_task_file(const std::string& path);

}  // namespace asyncdemo
