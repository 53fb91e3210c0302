#include "asyncdemo/codegen/program_plan.hpp"

#include <doctest/doctest.h>

#include "support/storing_sink.hpp"

namespace {

using namespace std::chrono_literals;
using asyncdemo::GroupForm;
using asyncdemo::Mode;
using asyncdemo::OnError;
using asyncdemo::plan_program;
using asyncdemo::PlanSettings;
using asyncdemo::Scenario;
using asyncdemo::seconds_literal;
using asyncdemo::testing::scenario_of;

}  // namespace

TEST_CASE("seconds_literal writes a duration as exact seconds without trailing zeros") {
  CHECK(seconds_literal(0s) == "0");
  CHECK(seconds_literal(1s) == "1");
  CHECK(seconds_literal(250ms) == "0.25");
  CHECK(seconds_literal(1500ms) == "1.5");
  CHECK(seconds_literal(1us) == "0.000001");
  CHECK(seconds_literal(1ns) == "0.000000001");
  CHECK(seconds_literal(8760h) == "31536000");
}

TEST_CASE("plan_program takes each step's kind and argument, and a duration as a duration") {
  const auto plan = plan_program(Scenario::classic(), PlanSettings{});
  REQUIRE(plan.tasks.size() == 2);
  CHECK(plan.tasks[0].name == "coroutine_one");
  REQUIRE(plan.tasks[0].steps.size() == 3);
  CHECK(plan.tasks[0].steps[0].kind == "print");
  CHECK(plan.tasks[0].steps[0].argument == "Coroutine started");
  CHECK(plan.tasks[0].steps[1].kind == "sleep");
  CHECK(plan.tasks[0].steps[1].duration == 1s);
  CHECK(plan.task_count == 2);
  CHECK(plan.theory == 2s);
  CHECK(plan.form == GroupForm::gather);
  CHECK(plan.uses("sleep"));
  CHECK_FALSE(plan.uses("work"));
  CHECK_FALSE(plan.can_fail());
}

TEST_CASE("plan_program takes the group form from group_form(), as the async run does") {
  const Scenario failing = scenario_of({"a=sleep:1s,fail:boom", "b=2s"});
  CHECK(plan_program(failing, PlanSettings{}).form == GroupForm::task_group);
  CHECK(plan_program(failing, PlanSettings{}).can_fail());
  PlanSettings continuing;
  continuing.on_error = OnError::continue_;
  CHECK(plan_program(failing, continuing).form == GroupForm::gather_return_exceptions);
}

TEST_CASE("plan_program keeps copies as one task, and theory as the mode's") {
  PlanSettings sync;
  sync.mode = Mode::sync;
  sync.threads = 2;
  sync.timeout = 1500ms;
  const auto plan = plan_program(scenario_of({"w*3=work:1s", "a=print:hi\\, you"}), sync);
  REQUIRE(plan.tasks.size() == 2);
  CHECK(plan.tasks[0].copies == 3);
  CHECK(plan.task_count == 4);
  CHECK(plan.tasks[1].steps[0].argument == "hi, you");
  CHECK(plan.theory == 3s);  // one after another: the sum of the waits
  CHECK(plan.threads == 2);
  CHECK(plan.timeout == 1500ms);
}
