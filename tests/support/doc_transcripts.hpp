#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Documentation as tests: the commands a Markdown document shows, taken from its fenced code
// blocks, and how what they print is compared with what the document says they print.
//
// In a fenced block:
// - a line "$ COMMAND" is a command, and the lines after it, up to the next "$ " line or the
//   end of the block, are what it prints (standard output and error together); none means it
//   prints nothing. A line "..." stands for any number of lines.
// - in a block marked sh (```sh), every other line that is not blank and not a "#" comment is
//   a command whose output is not shown; it must exit 0.
// - a block with neither shows output only, and runs nothing.
// An HTML comment "<!-- doc-test: skip REASON -->" just before a block runs none of it.
namespace asyncdemo::doc {

struct Command {
  std::size_t line = 0;  // where it is in the document, from 1
  std::string text;      // the shell command, as shown
  bool shows_output = false;
  std::vector<std::string> expected;  // what the document says it prints
  std::string skip;                   // why it does not run; empty when it runs
};

std::vector<Command> commands_in(std::string_view markdown);

// Output that the document can show exactly: the virtual clock's, and anything that does not
// depend on time. Any other is compared by its shape.
bool shown_exactly(const Command& command);

// A line with each number replaced by "#": the shape of a real-clock line.
std::string shape_of(std::string_view line);

// Where `actual` differs from `expected`, in a sentence with both sides; nullopt when they
// agree. Exact: line for line, "..." standing for any lines. By shape: numbers do not count;
// each task's trace lines must come in the order shown, and so must the lines that are no
// task's, but the tasks' lines may interleave otherwise: on a real clock, two tasks' events a
// few milliseconds apart come in either order.
std::optional<std::string> difference(const std::vector<std::string>& expected,
                                      const std::vector<std::string>& actual, bool exact);

}  // namespace asyncdemo::doc
