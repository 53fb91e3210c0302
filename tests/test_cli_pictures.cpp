// End-to-end tests of the pictures (issue #3): the chart, --svg, --format chrome and csv,
// render and --explain, through the real binary, as a user runs them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "asyncdemo/pictures/text_fit.hpp"

#include "support/process.hpp"
#include "support/temp_file.hpp"
#include "support/trace_event_rules.hpp"

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
  CHECK(result.err.find("async  finished in 2.000s, 1.50x faster") != std::string::npos);
}

TEST_CASE("cli: no chart is drawn into a pipe unless --timeline is given") {
  CHECK(run_asyncdemo({"--clock", "virtual", "--async"}).out.find("  - asleep") ==
        std::string::npos);
  CHECK(run_asyncdemo({"--clock", "virtual", "--async", "--timeline", "--ascii"})
            .out.find("  - asleep  * print  | finished") != std::string::npos);
}

TEST_CASE("cli: render draws a trace saved earlier and rejects a truncated one") {
  asyncdemo::testing::TempPath trace("run.jsonl");
  REQUIRE(
      run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "-o", trace.path()}).exit_code ==
      0);
  const ProcessResult drawn = run_asyncdemo({"render", trace.path(), "--ascii", "--width", "60"});
  INFO(drawn.describe());
  CHECK(drawn.exit_code == 0);
  CHECK(drawn.out.rfind("sync   finished in 3.000s\n", 0) == 0);

  ProcessOptions cut;
  cut.stdin_text = trace.read().substr(0, 120);  // the first line whole, the second cut short
  const ProcessResult refused = run_asyncdemo({"render", "-"}, cut);
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err.rfind("asyncdemo: error: render: standard input, line 2: ", 0) == 0);
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

TEST_CASE("cli: --html writes the page when the runs are done; render --html draws no chart") {
  asyncdemo::testing::TempPath page("run.html");
  const ProcessResult made =
      run_asyncdemo({"--clock", "virtual", "--quiet", "--html", page.path()});
  INFO(made.describe());
  CHECK(made.exit_code == 0);
  CHECK(made.out.find("-- finished in 2.000s") != std::string::npos);
  const std::string html = page.read();
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find(R"("source":"run")") != std::string::npos);
  CHECK(html.find("woke up on time") != std::string::npos);

  asyncdemo::testing::TempPath trace("run.jsonl");
  REQUIRE(
      run_asyncdemo({"--clock", "virtual", "--format", "jsonl", "-o", trace.path()}).exit_code ==
      0);
  asyncdemo::testing::TempPath drawn("drawn.html");
  const ProcessResult rendered = run_asyncdemo({"render", trace.path(), "--html", drawn.path()});
  CHECK(rendered.exit_code == 0);
  CHECK(rendered.out.empty());
  CHECK(drawn.read().find(R"("source":"trace")") != std::string::npos);

  const ProcessResult refused =
      run_asyncdemo({"--clock", "virtual", "--html", "/nonexistent-folder/run.html"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err ==
        "asyncdemo: error: --html: cannot write '/nonexistent-folder/run.html': No such file or "
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

TEST_CASE("cli: render --format text writes the text trace of the live run, not the chart") {
  asyncdemo::testing::TempPath trace("run.jsonl");
  const std::vector<std::string> tasks{"--clock",
                                       "virtual",
                                       "--threads",
                                       "2",
                                       "--on-error",
                                       "continue",
                                       "w*3=work:1s",
                                       "b=sleep:500ms,block:1s",
                                       "c=sleep:1s,fail:boom"};
  std::vector<std::string> saving = tasks;
  for (const char* arg : {"--format", "jsonl", "-o"}) saving.emplace_back(arg);
  saving.push_back(trace.path());
  REQUIRE(run_asyncdemo(saving).exit_code == 1);
  const ProcessResult live = run_asyncdemo(tasks);
  const ProcessResult rendered = run_asyncdemo({"render", trace.path(), "--format", "text"});
  INFO(rendered.describe());
  CHECK(rendered.exit_code == 0);
  CHECK(rendered.out == live.out);
  CHECK(rendered.out.find("async        2.000s    2.000s  (the longest task, with 2 pool threads "
                          "and blocking calls holding the loop)") != std::string::npos);
}

TEST_CASE("cli: --format chrome follows the Trace Event Format's rules, one loop thread") {
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "--format", "chrome", "--threads", "2", "w*3=work:1s",
                     "b=sleep:500ms,block:1s", "c=sleep:2s,fail:boom"});
  INFO(result.describe());
  const auto trace = nlohmann::json::parse(result.out);
  CHECK(asyncdemo::testing::trace_event_problems(trace) == std::vector<std::string>{});
  std::vector<std::string> threads;
  for (const auto& event : trace) {
    if (event["name"] == "thread_name" && event["pid"] == 2)
      threads.push_back(event["args"]["name"]);
  }
  CHECK(threads == std::vector<std::string>{"event loop", "pool thread 1", "pool thread 2"});
}

TEST_CASE("cli: a chart too narrow for its terminal is one line that says so") {
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "--timeline", "--width", "24", "--async"});
  CHECK(result.exit_code == 0);
  CHECK(result.out.ends_with("\n\n(timeline needs 30 cols)\n"));
  const ProcessResult wide = run_asyncdemo({"--clock", "virtual", "--timeline", "--width", "80",
                                            "--async", std::string(120, 'n') + "=1s"});
  std::size_t from = wide.out.find("\n\nasync  finished");
  REQUIRE(from != std::string::npos);
  std::size_t end = 0;
  for (std::size_t at = from + 2; at < wide.out.size(); at = end + 1) {
    end = wide.out.find('\n', at);
    CHECK(asyncdemo::columns_of(wide.out.substr(at, end - at)) <= 80);
  }
}

TEST_CASE("cli: --quiet keeps the comparison when failed tasks still ran to their end") {
  const ProcessResult result = run_asyncdemo(
      {"--clock", "virtual", "--quiet", "--on-error", "continue", "a=sleep:1s,fail:x", "b=2s"});
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("speed-up      1.50x     1.50x\n(a failed task counts up to its failure: "
                        "1 failed in sync, 1 in async)\n") != std::string::npos);
  const ProcessResult cancelled =
      run_asyncdemo({"--clock", "virtual", "--quiet", "a=sleep:1s,fail:x", "b=2s"});
  CHECK(cancelled.out.find("speed-up") == std::string::npos);
}

TEST_CASE("cli: -o FILE with --color always writes the colour codes it was asked for") {
  asyncdemo::testing::TempPath file("trace.txt");
  REQUIRE(run_asyncdemo({"--clock", "virtual", "-o", file.path()}).exit_code == 0);
  CHECK(file.read().find("\x1b[") == std::string::npos);
  REQUIRE(run_asyncdemo({"--clock", "virtual", "--color", "always", "-o", file.path()}).exit_code ==
          0);
  CHECK(file.read().find("\x1b[") != std::string::npos);
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
        "asyncdemo: error: render: standard input, line 2: the trace is cut short: the file ends "
        "inside "
        "this line; expected a whole trace, with a run_end line for every run_start\n");

  const ProcessResult endless = run_asyncdemo({"render", "/dev/zero"});
  CHECK(endless.exit_code == 2);
  CHECK(endless.out.empty());
  CHECK(endless.err ==
        "asyncdemo: error: render: /dev/zero, line 1: the line is longer than 16777216 bytes, the "
        "most a "
        "trace line may have; expected one JSON object per line, as 'asyncdemo --format jsonl' "
        "writes\n");
}
