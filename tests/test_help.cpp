#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "asyncdemo/cli/help.hpp"
#include "asyncdemo/cli/help_layout.hpp"
#include "asyncdemo/cli/help_topics.hpp"

using namespace asyncdemo::cli;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

constexpr std::array kCommands{Command::run, Command::render, Command::serve, Command::help};

}  // namespace

TEST_CASE("every help page fits an 80-column terminal") {
  for (Command command : kCommands) {
    for (const std::string& line : lines_of(help_page(command))) {
      INFO(to_string(command) << ": " << line);
      CHECK(line.size() <= kHelpWidth);
    }
  }
}

TEST_CASE("a help page shows every option of its command, with its argument in words") {
  for (Command command : kCommands) {
    const std::string page = help_page(command);
    for (const OptionSpec& option : option_table()) {
      if (!option.belongs_to(command) || (command == Command::help && option.positional)) continue;
      INFO(to_string(command) << " should show " << option.synopsis());
      CHECK((contains(page, "  " + option.synopsis() + " ") ||
             contains(page, "  " + option.synopsis() + "\n")));
    }
  }
}

TEST_CASE("help shows each option's default and none of a parser library's noise") {
  const std::string page = help_page(Command::run);
  CHECK(contains(page, "(default: text)"));
  CHECK(contains(page, "(default: 100ms)"));
  CHECK(contains(page, "(default: real)"));
  for (std::string_view noise : {"Excludes", "TEXT:", "UINT", "INT in", "[20 - 1000]", "REQUIRED",
                                 "{real,virtual}", "Positionals:", "Subcommands:"}) {
    INFO(noise);
    CHECK_FALSE(contains(page, noise));
  }
}

TEST_CASE("help groups a run's options under headings, examples and the exit statuses last") {
  const std::vector<std::string> lines = lines_of(help_page(Command::run));
  std::vector<std::string> headings;
  for (const std::string& line : lines) {
    if (!line.empty() && line.back() == ':' && line.front() != ' ') headings.push_back(line);
  }
  CHECK(headings == std::vector<std::string>{
                        "Modes:",
                        "Tasks:",
                        "Coordination (asyncdemo help steps: acquire:, put:, wait:):",
                        "Output:",
                        "Pictures:",
                        "Pitfalls (blocking calls, the thread pool, timeouts, failures):",
                        "Real I/O:",
                        "Commands:",
                        "Information:",
                        "Examples:",
                        "Exit status:",
                    });
  for (const ExitStatus& status : exit_statuses()) {
    CHECK(contains(help_page(Command::run), "\n  " + std::string(status.code) + " "));
  }
}

TEST_CASE("help's examples are those marked for it, and asyncdemo help examples has them all") {
  const std::string page = help_page(Command::run);
  const std::string all = topic_text("examples").value();
  for (const Example& example : examples()) {
    INFO(example.command);
    CHECK(contains(page, "  " + std::string(example.command) + "\n") == example.in_help);
    CHECK(contains(all, "  " + std::string(example.command) + "\n"));
  }
}

TEST_CASE("render's and serve's pages show their usage first") {
  CHECK(help_page(Command::render).starts_with("Usage: asyncdemo render TRACE [OPTION...]\n"));
  CHECK(help_page(Command::serve).starts_with("Usage: asyncdemo serve [--host ADDRESS]"));
  CHECK(contains(help_page(Command::serve), "GET /cats/N[?delay=DURATION]"));
  CHECK(contains(help_page(Command::help), "  exit-codes\n"));
}
