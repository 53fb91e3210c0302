// End-to-end tests of the pictures (issue #3): the chart, --svg, --format chrome and csv,
// render and --explain, through the real binary, as a user runs them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/process.hpp"
#include "support/temp_file.hpp"

namespace {

using asyncdemo::e2e::ProcessOptions;
using asyncdemo::e2e::ProcessResult;
using asyncdemo::e2e::run_asyncdemo;

}  // namespace

TEST_CASE("cli: --format chrome keeps standard output pure JSON and puts the chart on stderr") {
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "--format", "chrome", "--timeline", "--ascii"});
  INFO(result.describe());
  REQUIRE(result.exit_code == 0);
  const auto events = nlohmann::json::parse(result.out);
  CHECK(events.size() > 10);
  CHECK(result.err.find("async  total 2.000s, 1.50x faster") != std::string::npos);
}

TEST_CASE("cli: no chart is drawn into a pipe unless --timeline is given") {
  CHECK(run_asyncdemo({"--clock", "virtual", "--async"}).out.find("  * print") ==
        std::string::npos);
  CHECK(run_asyncdemo({"--clock", "virtual", "--async", "--timeline", "--ascii"})
            .out.find("  * print  # running") != std::string::npos);
}

TEST_CASE("cli: render draws a trace saved earlier and rejects a truncated one") {
  asyncdemo::testing::TempPath trace("run.jsonl");
  REQUIRE(
      run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "-o", trace.path()}).exit_code ==
      0);
  const ProcessResult drawn = run_asyncdemo({"render", trace.path(), "--ascii", "--width", "60"});
  INFO(drawn.describe());
  CHECK(drawn.exit_code == 0);
  CHECK(drawn.out.rfind("sync   total 3.000s\n", 0) == 0);

  ProcessOptions cut;
  cut.stdin_text = trace.read().substr(0, 120);  // the first line whole, the second cut short
  const ProcessResult refused = run_asyncdemo({"render", "-"}, cut);
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err.rfind("asyncdemo: error: standard input, line 2: ", 0) == 0);
  CHECK(refused.err.find('\n') == refused.err.size() - 1);
}

TEST_CASE("cli: --svg writes the file only when the run is done, and an unwritable one exits 2") {
  asyncdemo::testing::TempPath svg("run.svg");
  const ProcessResult made = run_asyncdemo({"--clock", "virtual", "--svg", svg.path()});
  CHECK(made.exit_code == 0);
  CHECK(svg.read().rfind("<?xml", 0) == 0);
  const ProcessResult refused =
      run_asyncdemo({"--clock", "virtual", "--svg", "/nonexistent-folder/run.svg"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err ==
        "asyncdemo: error: --svg: cannot write '/nonexistent-folder/run.svg': No such file or "
        "directory; expected a file path in a writable folder\n");
}

TEST_CASE("cli: --explain narrates the loop and refuses machine formats") {
  const ProcessResult told =
      run_asyncdemo({"--clock", "virtual", "--explain", "--async", "--color", "never"});
  CHECK(told.exit_code == 0);
  CHECK(told.out.find("~ no coroutine is ready to run; 2 timers pending") != std::string::npos);
  const ProcessResult refused = run_asyncdemo({"--explain", "--format", "jsonl"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err ==
        "asyncdemo: error: --explain: narrates the text trace, not --format jsonl; expected "
        "--format text (the default)\n");
}

TEST_CASE("cli: render says a trace was cut short, and stops at an endless line") {
  asyncdemo::testing::TempPath trace("run.jsonl");
  REQUIRE(
      run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "-o", trace.path()}).exit_code ==
      0);
  ProcessOptions cut;
  cut.stdin_text = trace.read().substr(0, 120);  // as `head -c 120 run.jsonl` in docs/pictures.md
  const ProcessResult refused = run_asyncdemo({"render", "-"}, cut);
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err ==
        "asyncdemo: error: standard input, line 2: the trace is cut short: the file ends inside "
        "this line; expected a whole trace, with a run_end line for every run_start\n");

  const ProcessResult endless = run_asyncdemo({"render", "/dev/zero"});
  CHECK(endless.exit_code == 2);
  CHECK(endless.out.empty());
  CHECK(endless.err ==
        "asyncdemo: error: /dev/zero, line 1: the line is longer than 16777216 bytes, the most a "
        "trace line may have; expected one JSON object per line, as 'asyncdemo --format jsonl' "
        "writes\n");
}
