#include "asyncdemo/codegen/node_program.hpp"

#include <doctest/doctest.h>

#include "support/programs.hpp"
#include "support/text.hpp"

namespace {

using namespace std::chrono_literals;
using asyncdemo::Mode;
using asyncdemo::OnError;
using asyncdemo::PlanSettings;
using asyncdemo::testing::contains;
using asyncdemo::testing::program_for;
using asyncdemo::testing::syntax_errors;
using asyncdemo::testing::with;

}  // namespace

TEST_CASE("the classic example is two async functions under Promise.all, and nothing more") {
  const std::string program = program_for("node", {});
  CHECK(contains(program,
                 "async function coroutine_one(task) {\n"
                 "  task.print(\"Coroutine started\");\n  await task.sleep(1);\n"));
  CHECK(contains(program,
                 "  await Promise.all([\n"
                 "    new Traced(\"coroutine_one\").run(coroutine_one),\n"));
  CHECK(contains(program, "await timers.setTimeout(seconds * 1000);"));
  for (const char* unneeded :
       {"AbortController", "Worker", "setImmediate", "this.at", "catch", "exitCode"}) {
    INFO(unneeded);
    CHECK_FALSE(contains(program, unneeded));
  }
}

TEST_CASE("a failure aborts the others, as a TaskGroup cancels them; a timeout aborts them all") {
  const std::string program = program_for("node", {"a=fail:boom", "b=1s"}, with(Mode::async, 2s));
  CHECK(contains(program, "const stop = new AbortController();"));
  CHECK(contains(program, "setTimeout(() => stop.abort(\"timeout\"), TIMEOUT * 1000);"));
  CHECK(contains(program, "    stop.abort(\"failure\");\n    await Promise.allSettled(tasks);\n"));
  CHECK(contains(program, "{ signal: stop.signal }"));
  CHECK(contains(program, "reason: stop.signal.reason"));
  const std::string settled =
      program_for("node", {"a=fail:boom", "b=1s"}, with(Mode::async, {}, OnError::continue_));
  CHECK(contains(settled, "await Promise.allSettled(["));
  CHECK_FALSE(contains(settled, "AbortController"));
}

TEST_CASE("block is Atomics.wait; work runs on a pool of --threads worker threads") {
  const std::string program = program_for("node", {"a=block:300ms,work:1s,sleep:0"},
                                          with(Mode::async, {}, OnError::cancel, 3));
  CHECK(contains(program,
                 "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);"));
  CHECK(contains(program, "const POOL = new Pool(3);"));
  CHECK(contains(program, "await POOL.ready();"));
  CHECK(contains(program, "await timers.setImmediate(); // a bare yield, as asyncio.sleep(0)"));
}

TEST_CASE("--sync awaits the tasks one after another; copies in a loop") {
  const std::string program =
      program_for("node", {"a=1s", "w*3=fetch:http://127.0.0.1:9/"}, with(Mode::sync));
  CHECK(contains(program,
                 "  await new Traced(\"a\").run(a);\n"
                 "  for (let i = 1; i <= 3; i++) {\n"
                 "    await new Traced(`w${i}`).run(w);\n  }\n"));
  CHECK(contains(program, "await fetch(url"));
  CHECK(contains(program, "mode: \"sync\""));
}

TEST_CASE("every Node.js program passes node --check, in both modes, under every form and option") {
  const std::initializer_list<std::string> all_steps{
      "a=print:say \"hi\"\\, you,sleep:250ms,sleep:0,block:100ms,work:1s,fail:boom",
      "b*2=fetch:http://127.0.0.1:8080/cats/1", "c=1s", "class=1s"};
  for (Mode mode : {Mode::sync, Mode::async}) {
    for (OnError on_error : {OnError::cancel, OnError::continue_}) {
      for (std::optional<asyncdemo::Duration> timeout :
           {std::optional<asyncdemo::Duration>{}, std::optional<asyncdemo::Duration>{1500ms}}) {
        CHECK(syntax_errors(
                  "node", program_for("node", all_steps, with(mode, timeout, on_error, 2))) == "");
        CHECK(syntax_errors("node", program_for("node", {"a=1s"}, with(mode, timeout, on_error))) ==
              "");
      }
    }
  }
}
