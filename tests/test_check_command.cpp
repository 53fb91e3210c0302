// `asyncdemo check`, as a user runs it. These run the generated programs in real time: each
// scenario is scaled to a few hundred milliseconds, with instants at least 50ms apart.
#include "asyncdemo/check/check_command.hpp"

#include <doctest/doctest.h>

#include "support/process.hpp"
#include "support/programs.hpp"
#include "support/temp_file.hpp"
#include "support/text.hpp"

namespace {

using asyncdemo::e2e::ProcessOptions;
using asyncdemo::e2e::ProcessResult;
using asyncdemo::e2e::run_asyncdemo;
using asyncdemo::testing::contains;
using asyncdemo::testing::kDebianNode;
using asyncdemo::testing::kDebianPython;
using asyncdemo::testing::TempPath;
using asyncdemo::testing::write_script;

// A busy 2-core machine moves events by tens of milliseconds now and then; the order is what
// these tests are about.
const std::string kTolerance = "100ms";

ProcessResult check(std::vector<std::string> args) {
  args.insert(args.begin(), {"check", "--tolerance", kTolerance});
  return run_asyncdemo(args, {}, std::chrono::seconds(60));
}

}  // namespace

TEST_CASE("check agrees on the classic example in every language, one after another and async") {
  for (const char* language : {"python", "trio", "node"}) {
    const auto result = check({"--lang", language, "--interpreter",
                               std::string_view(language) == "node" ? kDebianNode : kDebianPython,
                               "--scale", "0.1"});
    INFO(language << "\n" << result.describe());
    CHECK(result.exit_code == 0);
    CHECK(contains(result.out, "sync: agree: the same 12 events in the same order and in time"));
    CHECK(contains(result.out, "async: agree: the same 12 events in the same order and in time"));
    CHECK(contains(result.out,
                   std::string("check: the ") + language + " program does what asyncdemo does\n"));
  }
}

TEST_CASE("check shows both traces side by side, and says where Trio's order is its own") {
  const auto result =
      check({"--lang", "trio", "--interpreter", kDebianPython, "--async", "--scale", "0.1"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "  asyncdemo, virtual clock"));
  CHECK(contains(result.out, "| python3 (Trio), real time\n"));
  CHECK(contains(result.out, "0.000s  coroutine_one  start"));
  CHECK(contains(result.out, "Trio varies, on purpose, the order"));
  CHECK(contains(result.out, "  finished 2, cancelled 0, failed 0; exit 0"));
}

TEST_CASE("check of a blocking call and of the thread pool agrees in every language") {
  // README: the loop frozen by a blocking call, and jobs waiting for a thread of the pool.
  for (const char* language : {"python", "trio", "node"}) {
    const std::string interpreter =
        std::string_view(language) == "node" ? kDebianNode : kDebianPython;
    const auto blocking = check({"--lang", language, "--interpreter", interpreter, "--async",
                                 "a=sleep:50ms,block:300ms", "b=sleep:100ms,print:late"});
    INFO(language << "\n" << blocking.describe());
    CHECK(blocking.exit_code == 0);
    const auto pool =
        check({"--lang", language, "--interpreter", interpreter, "--threads", "2", "a=work:200ms",
               "b=sleep:50ms,work:200ms", "c=sleep:100ms,work:200ms"});
    INFO(pool.describe());
    CHECK(pool.exit_code == 0);
  }
}

TEST_CASE("check agrees up to a deadlock, and says what each program does at it") {
  // One after another, a get from an empty queue can never be served: asyncdemo and the plain
  // Python program report the deadlock; the asyncio, Trio and Node programs of --sync wait.
  const std::vector<std::string> stuck = {"--sync", "--queue", "jobs=1", "a=print:waiting,get:jobs",
                                          "b=print:never"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), stuck.begin(), stuck.end());
    return check(args);
  };
  const auto python = with({"--interpreter", kDebianPython});
  INFO(python.describe());
  CHECK(python.exit_code == 0);
  CHECK(contains(python.out, "0.000s  b  cancel before it started (deadlock)"));
  CHECK(contains(python.out, "sync: agree: the same 5 events"));
  for (const char* language : {"trio", "node"}) {
    const std::string interpreter =
        std::string_view(language) == "node" ? kDebianNode : kDebianPython;
    const auto timed =
        with({"--lang", language, "--interpreter", interpreter, "--timeout", "200ms"});
    INFO(language << "\n" << timed.describe());
    CHECK(timed.exit_code == 0);
    CHECK(contains(timed.out,
                   "sync: agree up to the deadlock: the same 3 events in the same order and in "
                   "time; then asyncdemo reports the deadlock (the stuck tasks cancelled, exit 1), "
                   "where the program waits until its timeout cancels it (2 events more, exit "
                   "124)\n"));
  }
  // With nothing left to wait for, Node.js simply ends; Trio waits until it is killed.
  const auto node = with({"--lang", "node"});
  INFO(node.describe());
  CHECK(node.exit_code == 0);
  CHECK(contains(node.out, "where the program ends with its tasks still waiting (exit 0)\n"));
  const auto trio = with({"--lang", "trio", "--interpreter", kDebianPython});
  INFO(trio.describe());
  CHECK(trio.exit_code == 0);
  CHECK(contains(trio.out, "where the program waits forever, as Trio does (killed after "));
}

TEST_CASE("check reports a planted difference, naming the first event that differs") {
  // An interpreter that changes what the program prints before it runs it.
  TempPath script("python3");
  write_script(script.path(), std::string("sed 's/Coroutine two resumed/Coroutine two woke/' | "
                                          "exec ") +
                                  kDebianPython + " \"$@\"");
  const auto result = check({"--interpreter", script.path(), "--async", "--scale", "0.1"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out,
                 "async: differ: row 11: asyncdemo has coroutine_two print "
                 "\"Coroutine two resumed\" at 0.200s, the program has coroutine_two "
                 "print \"Coroutine two woke\""));
  CHECK(contains(result.out, "\n! 0.200s  coroutine_two  print \"Coroutine two"));
  CHECK(contains(result.out, "check: the python program differs from asyncdemo (async)\n"));
}

TEST_CASE("check reports a program that runs its tasks one after another where they overlap") {
  TempPath script("python3");
  write_script(script.path(), std::string("sed 's/await asyncio.gather(/await sequentially(/; "
                                          "s/^async def main/async def sequentially(*tasks):\\n"
                                          "    for task in tasks:\\n        await task\\n\\n\\n"
                                          "async def main/' | exec ") +
                                  kDebianPython + " \"$@\"");
  const auto result = check({"--interpreter", script.path(), "--async", "--scale", "0.1"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "async: differ: row 4: asyncdemo has coroutine_two start at 0.000s"));
}

TEST_CASE("check --quiet prints only the verdicts") {
  const auto result = check({"--interpreter", kDebianPython, "--scale", "0.1", "--quiet"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK_FALSE(contains(result.out, "coroutine_one  start"));
  CHECK(contains(result.out, "\nsync: agree"));
  CHECK(contains(result.out, "\nasync: agree"));
}

TEST_CASE("check says which Debian package a missing module comes in, with exit status 2") {
  TempPath script("python3");
  write_script(script.path(), std::string("exec ") + kDebianPython + " -S \"$@\"");
  const auto result = check({"--lang", "trio", "--interpreter", script.path()});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(contains(result.err, "asyncdemo: error: check: '" + script.path() +
                                 "' cannot import trio, which the trio program needs; expected "
                                 "Debian's python3-trio (apt-get install python3-trio)"));
}

TEST_CASE("check says when no interpreter is on PATH, with exit status 2") {
  ProcessOptions no_path;
  no_path.env["PATH"] = "/nonexistent";
  const auto result = run_asyncdemo({"check", "--lang", "node"}, no_path);
  CHECK(result.exit_code == 2);
  CHECK(result.err ==
        "asyncdemo: error: check: no node on PATH; expected Debian's nodejs "
        "(apt-get install nodejs), or --interpreter PATH to another node\n");
}

TEST_CASE("check refuses bad options before anything runs") {
  const auto scale = run_asyncdemo({"check", "--scale", "0"});
  CHECK(scale.exit_code == 2);
  CHECK(contains(scale.err, "--scale: '0' is not a scale; expected a number above 0"));
  const auto tolerance = run_asyncdemo({"check", "--tolerance", "soon"});
  CHECK(tolerance.exit_code == 2);
  CHECK(contains(tolerance.err, "--tolerance"));
  const auto format = run_asyncdemo({"check", "--format", "jsonl"});
  CHECK(format.exit_code == 2);
  CHECK(contains(format.err, "check: --format is an option of a run, not of check"));
  const auto output = run_asyncdemo({"check", "-o", "report.txt"});
  CHECK(output.exit_code == 2);
  CHECK(contains(output.err, "check: --output is an option of a run, not of check"));
}
