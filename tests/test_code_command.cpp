// `asyncdemo code`, as a user runs it: the binary, its output and its exit status.
#include "asyncdemo/codegen/code_command.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/process.hpp"
#include "support/programs.hpp"
#include "support/temp_file.hpp"
#include "support/text.hpp"

namespace {

namespace fs = std::filesystem;
using asyncdemo::e2e::ProcessOptions;
using asyncdemo::e2e::run_asyncdemo;
using asyncdemo::testing::contains;
using asyncdemo::testing::kDebianPython;
using asyncdemo::testing::TempPath;

const fs::path kGolden = fs::path(ASYNCDEMO_TEST_DATA) / "code";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Compares with tests/data/code/NAME; ASYNCDEMO_UPDATE_GOLDEN=1 writes it instead.
void check_golden(const std::string& name, const std::string& program) {
  if (std::getenv("ASYNCDEMO_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(kGolden / name, std::ios::binary) << program;
    return;
  }
  CHECK(program == read_file(kGolden / name));
}

}  // namespace

TEST_CASE("code prints the classic example's program in every language and mode, as the goldens") {
  for (const char* language : {"python", "trio", "node"}) {
    for (const char* mode : {"sync", "async"}) {
      const auto result = run_asyncdemo({"code", "--lang", language, std::string("--") + mode});
      INFO(language << " " << mode << ": " << result.err);
      REQUIRE(result.exit_code == 0);
      CHECK(result.err.empty());
      const std::string suffix = std::string_view(language) == "node" ? ".js" : ".py";
      check_golden(std::string("classic-") + language + "-" + mode + suffix, result.out);
    }
  }
}

TEST_CASE("code with no options prints the Python asyncio program") {
  const auto result = run_asyncdemo({"code"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out == read_file(kGolden / "classic-python-async.py"));
}

TEST_CASE("code says in its first comment which command it came from") {
  const auto result =
      run_asyncdemo({"code", "--lang", "node", "--timeout", "1500ms", "--threads", "2",
                     "--on-error", "continue", "a=work:1s,fail:x", "greet=print:hi\\, you"});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.rfind("#!/usr/bin/env node\n// asyncdemo code --lang node --async --timeout "
                         "1.5s --on-error continue --threads 2 a=work:1s,fail:x "
                         "'greet=print:hi\\, you'\n",
                         0) == 0);
}

TEST_CASE("code -o FILE writes the program to the file, which runs") {
  TempPath file("classic.py");
  const auto written =
      run_asyncdemo({"code", "--sync", "-o", file.path(), "one=100ms", "two=50ms"});
  REQUIRE(written.exit_code == 0);
  CHECK(written.out.empty());
  const auto ran = asyncdemo::e2e::run_process(kDebianPython, {file.path()});
  INFO(ran.describe());
  CHECK(ran.exit_code == 0);
  CHECK(contains(ran.out, R"("event": "print", "task": "two", "text": "two resumed")"));
  CHECK(contains(ran.out, R"("event": "run_end")"));
}

TEST_CASE("the program's own trace is asyncdemo's: render draws it") {
  // README: asyncdemo code | python3 - | asyncdemo render -
  const auto program = run_asyncdemo({"code", "one=100ms", "two=200ms"});
  REQUIRE(program.exit_code == 0);
  ProcessOptions input;
  input.stdin_text = program.out;
  const auto ran = asyncdemo::e2e::run_process(kDebianPython, {"-"}, input);
  REQUIRE(ran.exit_code == 0);
  input.stdin_text = ran.out;
  const auto drawn = run_asyncdemo({"render", "-", "--ascii", "--width", "60"}, input);
  INFO(drawn.describe());
  CHECK(drawn.exit_code == 0);
  CHECK(contains(drawn.out, "one"));
  CHECK(contains(drawn.out, "two"));
}

TEST_CASE("code refuses what it cannot do, with one line and exit status 2") {
  const auto rust = run_asyncdemo({"code", "--lang", "rust"});
  CHECK(rust.exit_code == 2);
  CHECK(rust.err ==
        "asyncdemo: error: code: --lang: unknown language 'rust'; expected python, trio or "
        "node\n");
  const auto clock = run_asyncdemo({"code", "--clock", "virtual"});
  CHECK(clock.exit_code == 2);
  CHECK(clock.err ==
        "asyncdemo: error: code: --clock is an option of a run, not of code; expected an option "
        "that asyncdemo help code lists\n");
  const auto scale = run_asyncdemo({"code", "--scale", "2"});
  CHECK(scale.exit_code == 2);
  CHECK(scale.err ==
        "asyncdemo: error: code: --scale is an option of check, not of code; expected asyncdemo "
        "check --scale F\n");
  const auto task = run_asyncdemo({"code", "one=5x"});
  CHECK(task.exit_code == 2);
  CHECK(contains(task.err, "unknown unit 'x'"));
  CHECK(task.out.empty());
}

TEST_CASE("shell_words quotes what a shell would split or expand") {
  using asyncdemo::shell_words;
  CHECK(shell_words({"asyncdemo", "code", "a=sleep:1s,print:done", "w*3=1s"}) ==
        "asyncdemo code a=sleep:1s,print:done w*3=1s");
  CHECK(shell_words({"greet=print:hello\\, world"}) == "'greet=print:hello\\, world'");
  CHECK(shell_words({"a=print:it's"}) == "'a=print:it'\\''s'");
  CHECK(shell_words({"a=print:two\nlines"}) == "$'a=print:two\\nlines'");
  CHECK(shell_words({""}) == "''");
}
