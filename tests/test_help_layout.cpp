#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "asyncdemo/cli/help_layout.hpp"

using namespace asyncdemo::cli;

namespace {

std::size_t longest_line(const std::string& text) {
  std::istringstream lines(text);
  std::size_t longest = 0;
  for (std::string line; std::getline(lines, line);) longest = std::max(longest, line.size());
  return longest;
}

}  // namespace

TEST_CASE("wrapped breaks text between words within the help width, indenting every line") {
  const std::string text(200, 'x');
  CHECK(wrapped("one two three") == "one two three\n");
  CHECK(wrapped("one two", 4) == "    one two\n");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "word ";
  const std::string lines = wrapped(long_text, 6);
  CHECK(longest_line(lines) <= kHelpWidth);
  CHECK(lines.find("\n      word") != std::string::npos);
  // A word longer than a line is left whole rather than cut.
  CHECK(wrapped(text) == text + "\n");
}

TEST_CASE("entry puts the description beside a short left column and below a long one") {
  CHECK(entry("--ascii", "plain ASCII") ==
        "  --ascii" + std::string(kHelpColumn - 9, ' ') + "plain ASCII\n");
  const std::string below = entry("--on-error cancel|continue", "what to do");
  CHECK(below == "  --on-error cancel|continue\n" + std::string(kHelpColumn, ' ') + "what to do\n");
  CHECK(entry("0", "done", kStatusColumn) ==
        "  0" + std::string(kStatusColumn - 3, ' ') + "done\n");
  std::string long_help;
  for (int i = 0; i < 30; ++i) long_help += "many words ";
  const std::string wrapped_entry = entry("--slow DURATION", long_help);
  CHECK(longest_line(wrapped_entry) <= kHelpWidth);
  CHECK(wrapped_entry.find("\n" + std::string(kHelpColumn, ' ') + "many") != std::string::npos);
}

TEST_CASE("heading ends in a colon on its own line") {
  CHECK(heading("Examples") == "Examples:\n");
}
