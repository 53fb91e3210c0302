// End-to-end: the asyncdemo binary as a user runs it, through a shell.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "support/temp_file.hpp"

namespace {

struct Ran {
  int exit_code = -1;
  std::string out;
};

// Runs `command` in sh and keeps its standard output and exit code.
Ran shell(const std::string& command) {
  Ran ran;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) ran.out.append(buffer, n);
  const int status = ::pclose(pipe);
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

// Runs the binary with `arguments`, which may redirect as sh does.
Ran run(const std::string& arguments) {
  return shell(std::string(ASYNCDEMO_BINARY) + " " + arguments);
}

}  // namespace

TEST_CASE("asyncdemo --format chrome keeps standard output pure JSON, the chart on stderr") {
  asyncdemo::testing::TempPath err("stderr.txt");
  const Ran ran = run("--clock virtual --format chrome --timeline --ascii 2>" + err.path());
  REQUIRE(ran.exit_code == 0);
  const auto events = nlohmann::json::parse(ran.out);
  CHECK(events.size() > 10);
  CHECK(err.read().find("async  total 2.000s, 1.50x faster") != std::string::npos);
}

TEST_CASE("asyncdemo draws no chart into a pipe unless --timeline is given") {
  CHECK(run("--clock virtual --async").out.find("  * print") == std::string::npos);
  CHECK(run("--clock virtual --async --timeline --ascii").out.find("  * print") !=
        std::string::npos);
}

TEST_CASE("asyncdemo render draws a trace saved earlier, and rejects a truncated one") {
  asyncdemo::testing::TempPath trace("run.jsonl");
  REQUIRE(run("--clock virtual --format jsonl -o " + trace.path()).exit_code == 0);
  const Ran drawn = run("render " + trace.path() + " --ascii --width 60");
  CHECK(drawn.exit_code == 0);
  CHECK(drawn.out.find("sync   total 3.000s") == 0);

  asyncdemo::testing::TempPath err("stderr.txt");
  // The first line whole, the second cut in the middle.
  const Ran cut =
      shell("head -c 120 " + trace.path() + " | " + ASYNCDEMO_BINARY + " render - 2>" + err.path());
  CHECK(cut.exit_code == 2);
  CHECK(cut.out.empty());
  CHECK(err.read().rfind("asyncdemo: error: standard input, line 2: ", 0) == 0);
}

TEST_CASE("asyncdemo --explain refuses machine formats") {
  asyncdemo::testing::TempPath err("stderr.txt");
  CHECK(run("--explain --format jsonl 2>" + err.path()).exit_code == 2);
  CHECK(err.read() ==
        "asyncdemo: error: --explain: narrates the text trace, not --format jsonl; expected "
        "--format text (the default)\n");
}
