// End-to-end tests of the live progress line: the binary runs with its standard error on a
// pseudo-terminal (tests/support/process.cpp), as a user's terminal would be, and with it on a
// pipe, where the line must never appear. Real time, kept to about a second per run.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_file.hpp"

namespace {

using asyncdemo::e2e::ProcessOptions;
using asyncdemo::e2e::ProcessResult;
using asyncdemo::e2e::run_asyncdemo;

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

ProcessResult run_on_terminal(std::vector<std::string> args, bool stderr_terminal = true,
                              std::optional<std::string> term = "xterm") {
  ProcessOptions options;
  options.stderr_terminal = stderr_terminal;
  options.env["TERM"] = std::move(term);
  options.env["COLUMNS"] = std::nullopt;
  return run_asyncdemo(args, options);
}

// The elapsed seconds of each progress line drawn, in the order drawn.
std::vector<double> elapsed_drawn(const std::string& err) {
  std::vector<double> seconds;
  static const std::regex drawn(R"(tasks? finished, ([0-9]+\.[0-9]+)s elapsed)");
  for (auto it = std::sregex_iterator(err.begin(), err.end(), drawn); it != std::sregex_iterator();
       ++it) {
    seconds.push_back(std::stod((*it)[1]));
  }
  return seconds;
}

}  // namespace

TEST_CASE("progress: --quiet on a terminal shows tasks finished, elapsed and theory, then erases") {
  const ProcessResult result = run_on_terminal({"--quiet", "--async", "a=300ms", "b=600ms"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.err, "async: 0 of 2 tasks finished, "));
  CHECK(contains(result.err, "async: 1 of 2 tasks finished, "));
  CHECK(contains(result.err, " elapsed, theory expects 0.600s"));
  // Erased last: nothing of it is left on the screen.
  CHECK(result.err.ends_with("\r\x1b[K"));
  const std::vector<double> elapsed = elapsed_drawn(result.err);
  REQUIRE(elapsed.size() >= 3);
  CHECK(std::is_sorted(elapsed.begin(), elapsed.end()));
  CHECK(elapsed.back() < 0.600 + 0.1);
  // Never in the trace, which went to a pipe.
  CHECK_FALSE(contains(result.out, "elapsed"));
  CHECK(contains(result.out, "-- finished in"));
}

TEST_CASE("progress: a sync run's line moves on while its thread is blocked in a sleep") {
  const ProcessResult result = run_on_terminal({"--quiet", "--sync", "a=300ms", "b=300ms"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.err, "sync: 0 of 2 tasks finished, "));
  CHECK(contains(result.err, "sync: 1 of 2 tasks finished, "));
  CHECK(contains(result.err, "theory expects 0.600s"));
}

TEST_CASE("progress: a trace to a file gets the line only once the run has lasted a second") {
  const asyncdemo::testing::TempPath trace("trace.txt");
  const ProcessResult short_run = run_on_terminal({"--async", "-o", trace.path(), "a=300ms"});
  INFO(short_run.describe());
  CHECK(short_run.exit_code == 0);
  CHECK(short_run.err.empty());

  const ProcessResult long_run = run_on_terminal({"--async", "-o", trace.path(), "a=1300ms"});
  INFO(long_run.describe());
  CHECK(long_run.exit_code == 0);
  const std::vector<double> elapsed = elapsed_drawn(long_run.err);
  REQUIRE_FALSE(elapsed.empty());
  CHECK(elapsed.front() >= 1.0);
  CHECK(long_run.err.ends_with("\r\x1b[K"));
  const std::string written = trace.read();
  CHECK(contains(written, "a  finished"));
  CHECK_FALSE(contains(written, "elapsed"));
  CHECK_FALSE(contains(written, "\r"));
}

TEST_CASE("progress: never when standard error is not a terminal") {
  const ProcessResult result =
      run_on_terminal({"--quiet", "--async", "a=300ms"}, /*stderr_terminal=*/false);
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.err.empty());
}

TEST_CASE("progress: a dumb terminal gets the line erased with spaces, no escape codes") {
  const ProcessResult result = run_on_terminal({"--quiet", "--async", "a=300ms"}, true, "dumb");
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.err, "async: 0 of 1 task finished"));
  CHECK_FALSE(contains(result.err, "\x1b"));
  CHECK(result.err.ends_with(" \r"));
}

TEST_CASE("progress: a warning on standard error erases the line and draws it again below") {
  const ProcessResult result =
      run_on_terminal({"--quiet", "--async", "a=sleep:200ms,block:150ms", "b=sleep:500ms"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  const std::size_t warning = result.err.find("asyncdemo: warning: task 'a' held the event loop");
  REQUIRE(warning != std::string::npos);
  CHECK(result.err.substr(warning - 4, 4) == "\r\x1b[K");
  // Drawn again on the line after the warning's.
  const std::size_t after = result.err.find('\n', warning);
  REQUIRE(after != std::string::npos);
  CHECK(result.err.substr(after + 1).starts_with("async: "));
}
