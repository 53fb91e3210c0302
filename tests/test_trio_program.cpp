#include "asyncdemo/codegen/trio_program.hpp"

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

TEST_CASE("the classic example starts both tasks in a nursery, and says Trio varies their order") {
  const std::string program = program_for("trio", {});
  CHECK(contains(program,
                 "    async with trio.open_nursery() as nursery:\n"
                 "        nursery.start_soon(Traced(\"coroutine_one\").run, coroutine_one)\n"));
  CHECK(contains(program, "await trio.sleep(seconds)"));
  CHECK(contains(program, "Trio varies, on purpose,"));
  CHECK(contains(program, "trio.run(main)"));
  for (const char* unneeded : {"move_on_after", "CapacityLimiter", "self.at", "Cancelled"}) {
    INFO(unneeded);
    CHECK_FALSE(contains(program, unneeded));
  }
}

TEST_CASE(
    "a failure raised in a nursery cancels the others; --on-error continue keeps it in its task") {
  const std::string cancel = program_for("trio", {"a=fail:boom", "b=1s"});
  CHECK(contains(cancel, "raise  # the nursery cancels the others, then raises it"));
  CHECK(contains(cancel, "except trio.Cancelled:"));
  const std::string keep =
      program_for("trio", {"a=fail:boom", "b=1s"}, with(Mode::async, {}, OnError::continue_));
  CHECK(contains(keep, "return  # kept in its task, it reaches no nursery: the others run on"));
  CHECK_FALSE(contains(keep, "except trio.Cancelled:"));
}

TEST_CASE("--timeout is trio.move_on_after around the nursery; work is to_thread with a limiter") {
  const std::string program =
      program_for("trio", {"a=work:1s", "b=2s"}, with(Mode::async, 1500ms, OnError::cancel, 2));
  CHECK(contains(program, "    with trio.move_on_after(TIMEOUT) as timeout:\n"));
  CHECK(contains(program, "    return timeout.cancelled_caught\n"));
  CHECK(contains(program, "POOL = trio.CapacityLimiter(2)"));
  CHECK(contains(program, "trio.to_thread.run_sync(job, limiter=POOL, cancellable=True)"));
  CHECK(contains(program, "trio.from_thread.run_sync("));
}

TEST_CASE("--sync awaits the tasks one after another, each within what is left of the timeout") {
  const std::string program = program_for("trio", {"a=1s", "b=fail:x"}, with(Mode::sync, 1s));
  CHECK(contains(program, "    await Traced(\"a\").run(a)\n    await Traced(\"b\").run(b)\n"));
  CHECK(contains(program, "with trio.move_on_after(max(0, TIMEOUT - now())):"));
  CHECK_FALSE(contains(program, "open_nursery"));
  CHECK_FALSE(contains(program, "Trio varies"));
}

TEST_CASE("trio_requirements names python3-trio") {
  const auto needs = asyncdemo::codegen::trio_requirements(
      plan_program(asyncdemo::Scenario::classic(), PlanSettings{}));
  REQUIRE(needs.size() == 1);
  CHECK(needs[0].module == "trio");
  CHECK(needs[0].package == "python3-trio");
}

TEST_CASE("every Trio program compiles, in both modes, under every form and option") {
  const std::initializer_list<std::string> all_steps{
      "a=print:say \"hi\"\\, you,sleep:250ms,sleep:0,block:100ms,work:1s,fail:boom",
      "b*2=fetch:http://127.0.0.1:8080/cats/1?delay=10ms", "c=1s"};
  for (Mode mode : {Mode::sync, Mode::async}) {
    for (OnError on_error : {OnError::cancel, OnError::continue_}) {
      for (std::optional<asyncdemo::Duration> timeout :
           {std::optional<asyncdemo::Duration>{}, std::optional<asyncdemo::Duration>{1500ms}}) {
        CHECK(syntax_errors(
                  "trio", program_for("trio", all_steps, with(mode, timeout, on_error, 2))) == "");
        CHECK(syntax_errors("trio", program_for("trio", {"a=1s"}, with(mode, timeout, on_error))) ==
              "");
      }
    }
  }
}
