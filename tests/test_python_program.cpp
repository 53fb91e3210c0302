#include "asyncdemo/codegen/python_program.hpp"

#include <doctest/doctest.h>

#include "support/programs.hpp"
#include "support/storing_sink.hpp"
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

TEST_CASE("the classic example is two coroutines under asyncio.gather, and nothing it needs not") {
  const std::string program = program_for("python", {});
  CHECK(contains(program,
                 "async def coroutine_one(task):\n    task.print(\"Coroutine started\")\n"
                 "    await task.sleep(1)\n"));
  CHECK(contains(program,
                 "    await asyncio.gather(\n"
                 "        Traced(\"coroutine_one\").run(coroutine_one),\n"));
  CHECK(contains(program, "asyncio.run(main())"));
  for (const char* unneeded : {"TaskGroup", "timeout", "ThreadPoolExecutor", "aiohttp", "self.at",
                               "CancelledError", "except", "def block", "def work"}) {
    INFO(unneeded);
    CHECK_FALSE(contains(program, unneeded));
  }
}

TEST_CASE("a step that can fail puts the tasks in a TaskGroup; --on-error continue in gather") {
  const std::string group = program_for("python", {"a=sleep:1s,fail:boom", "b=2s"});
  CHECK(contains(group,
                 "    async with asyncio.TaskGroup() as group:\n"
                 "        group.create_task(Traced(\"a\").run(a))\n"));
  CHECK(contains(group, "task.fail(\"boom\")"));
  CHECK(contains(group, "raise RuntimeError(message)"));
  CHECK(contains(group, "except ExceptionGroup:"));
  CHECK(contains(group, "reason=\"failure\""));
  const std::string gathered = program_for("python", {"a=sleep:1s,fail:boom", "b=2s"},
                                           with(Mode::async, std::nullopt, OnError::continue_));
  CHECK(contains(gathered, "        return_exceptions=True,\n"));
  CHECK_FALSE(contains(gathered, "TaskGroup"));
  CHECK(contains(gathered, "return 1 if Run.failed else 0"));
}

TEST_CASE("--timeout is asyncio.timeout around main, and a cancel says what cancelled it") {
  const std::string program =
      program_for("python", {"a=1s", "b=fail:x"}, with(Mode::async, 1500ms));
  CHECK(contains(program, "TIMEOUT = 1.5  # seconds (--timeout)"));
  CHECK(contains(program,
                 "    async with asyncio.timeout(TIMEOUT):\n"
                 "        # The first failure"));
  CHECK(contains(program, "reason = \"timeout\" if now() >= TIMEOUT else \"failure\""));
  CHECK(contains(program, "status = 124"));
}

TEST_CASE("a timeout of 0 under gather reports the tasks asyncio never started") {
  const std::string program = program_for("python", {"a=1s"}, with(Mode::async, 0s));
  CHECK(contains(program, "Traced.unstarted[name] = self"));
  CHECK(contains(program, "trace(\"cancel\", task=name, reason=\"timeout\")"));
  CHECK_FALSE(contains(program_for("python", {"a=1s"}, with(Mode::async, 1s)), "unstarted"));
}

TEST_CASE("block is time.sleep in a coroutine; work is run_in_executor on a pool of --threads") {
  const std::string program =
      program_for("python", {"a=block:300ms,work:1s"}, with(Mode::async, {}, OnError::cancel, 3));
  CHECK(contains(program, "POOL = ThreadPoolExecutor(max_workers=3)"));
  CHECK(contains(program, "    task.block(0.3)\n    await task.work(1)\n"));
  CHECK(contains(program, "await loop.run_in_executor(POOL, job)"));
  CHECK(contains(program, "loop.call_soon_threadsafe("));
}

TEST_CASE("fetch is aiohttp in asyncio, urllib in the plain program") {
  const std::string url = "http://127.0.0.1:8080/cats/1";
  const std::string async = program_for("python", {"a=fetch:" + url});
  CHECK(contains(async, "import aiohttp"));
  CHECK(contains(async, "await task.fetch(\"" + url + "\")"));
  const std::string sync = program_for("python", {"a=fetch:" + url}, with(Mode::sync));
  CHECK(contains(sync, "urllib.request.urlopen(url)"));
  CHECK_FALSE(contains(sync, "aiohttp"));
}

TEST_CASE("python_requirements names aiohttp only for an asyncio program that fetches") {
  const auto scenario = asyncdemo::testing::scenario_of({"a=fetch:http://127.0.0.1/"});
  PlanSettings async;
  const auto needs = asyncdemo::codegen::python_requirements(plan_program(scenario, async));
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].package == "python3-aiohttp");
  CHECK(asyncdemo::codegen::python_requirements(plan_program(scenario, with(Mode::sync))).empty());
}

TEST_CASE("--sync is the plain program: functions called one after another, every wait blocking") {
  const std::string program =
      program_for("python", {"a=1s", "w*3=work:1s,fail:x"}, with(Mode::sync, 2s));
  CHECK_FALSE(contains(program, "asyncio"));
  CHECK_FALSE(contains(program, "async def"));
  CHECK(contains(program, "def main():\n    # One after another"));
  CHECK(contains(program, "    for i in range(1, 4):\n        Traced(f\"w{i}\").run(w)\n"));
  CHECK(contains(program, "def wait(seconds):"));
  CHECK(contains(program, "Run.stopped_by = Run.stopped_by or \"failure\""));
}

TEST_CASE("copies are one coroutine started for every name, in order") {
  const std::string program = program_for("python", {"w*1000=sleep:1s"});
  CHECK(contains(program, "        *(Traced(f\"w{i}\").run(w) for i in range(1, 1001)),\n"));
  CHECK(contains(program, "\"tasks\": 1000"));
}

TEST_CASE("a task whose name is no identifier gets one, and the trace keeps its name") {
  const std::string program = program_for("python", {"my-task=1s", "2nd=1s", "print=1s"});
  CHECK(contains(program, "async def my_task(task):"));
  CHECK(contains(program, "Traced(\"my-task\").run(my_task)"));
  CHECK(contains(program, "async def task_2nd(task):"));
  CHECK(contains(program, "Traced(\"print\").run(print_)"));
}

TEST_CASE("every Python program compiles, in both modes, under every form and option") {
  const std::initializer_list<std::string> all_steps{
      "a=print:say \"hi\"\\, you,sleep:250ms,sleep:0,block:100ms,work:1s,fail:boom",
      "b*2=fetch:http://127.0.0.1:8080/cats/1", "c=1s"};
  for (Mode mode : {Mode::sync, Mode::async}) {
    for (OnError on_error : {OnError::cancel, OnError::continue_}) {
      for (std::optional<asyncdemo::Duration> timeout :
           {std::optional<asyncdemo::Duration>{}, std::optional<asyncdemo::Duration>{0s},
            std::optional<asyncdemo::Duration>{1500ms}}) {
        const std::string program =
            program_for("python", all_steps, with(mode, timeout, on_error, 2));
        CHECK(syntax_errors("python", program) == "");
        CHECK(syntax_errors("python",
                            program_for("python", {"a=1s"}, with(mode, timeout, on_error))) == "");
      }
    }
  }
}
