#include <doctest/doctest.h>

#include "asyncdemo/scenario/theory.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using testing::scenario_of;

TEST_CASE("predict adds every wait up in sync mode, whatever made it") {
  const Theory theory = predict(
      scenario_of({"a=1s", "b=sleep:2s,block:500ms", "c=work:250ms", "d=print:x"}), Mode::sync, 4);
  CHECK(theory.total == 3750ms);
  CHECK(theory.waits == Waits{true, true, true, false});
  CHECK(theory.threads == 0);  // sync mode uses no pool
}

TEST_CASE("predict counts every copy of a task in sync mode") {
  CHECK(predict(scenario_of({"w*3=sleep:1s", "x=2s"}), Mode::sync, 4).total == 5s);
}

TEST_CASE("predict says the longest task in async mode when nothing blocks or uses the pool") {
  const Theory theory =
      predict(scenario_of({"a=1s", "b=sleep:2s,sleep:500ms", "c=print:x"}), Mode::async, 4);
  CHECK(theory.total == 2500ms);
  CHECK(theory.threads == 0);
}

TEST_CASE("predict counts the pool's size: eight 1 s jobs on four threads take two waves") {
  const Scenario jobs = scenario_of({"w*8=work:1s"});
  CHECK(predict(jobs, Mode::async, 4).total == 2s);
  CHECK(predict(jobs, Mode::async, 4).threads == 4);
  CHECK(predict(jobs, Mode::async, 8).total == 1s);
  CHECK(predict(jobs, Mode::async, 3).total == 3s);
  CHECK(predict(jobs, Mode::async, 1).total == 8s);
}

TEST_CASE("predict counts blocking calls holding the loop: a due wake waits for the block") {
  const Scenario blocked = scenario_of({"a=sleep:50ms,block:300ms,print:done",
                                        "b=sleep:100ms,print:late", "c=sleep:200ms,print:later"});
  CHECK(predict(blocked, Mode::async, 4).total == 350ms);
  // Two blocks never overlap: one loop runs one of them at a time.
  CHECK(predict(scenario_of({"a=block:1s", "b=block:1s"}), Mode::async, 4).total == 2s);
  // A sleep started before a block runs on meanwhile.
  CHECK(predict(scenario_of({"a=sleep:1s", "b=block:1s"}), Mode::async, 4).total == 1s);
}

TEST_CASE("predict cannot know a fetch: only a lower bound, the network counted as no time") {
  const Scenario fetching =
      scenario_of({"a=1s", "b=sleep:500ms,fetch:http://127.0.0.1:1/x,sleep:1s"});
  const Theory theory = predict(fetching, Mode::async, 4);
  CHECK(theory.waits.fetch);
  CHECK(theory.waits.sleep);
  CHECK(theory.total == 1500ms);
  CHECK(predict(fetching, Mode::sync, 4).total == 2500ms);
  RunFacts facts;
  facts.waits = theory.waits;
  CHECK_FALSE(facts.theory_known());
}

TEST_CASE("predict ends a task at its failing step") {
  const Scenario failing = scenario_of({"a=sleep:1s,fail:x,sleep:5s", "b=2s"});
  CHECK(predict(failing, Mode::sync, 4).total == 3s);
  CHECK(predict(failing, Mode::async, 4).total == 2s);
}

TEST_CASE("predict agrees with the virtual clock on mixed sleeps, blocks and pool work") {
  for (std::size_t threads : {1, 2, 4}) {
    const Scenario mixed =
        scenario_of({"a=sleep:50ms,block:300ms,work:1s", "b=work:500ms,sleep:200ms,block:10ms",
                     "c=block:100ms,work:2s", "w*5=work:300ms,sleep:1s"});
    for (Mode mode : {Mode::sync, Mode::async}) {
      Trace trace;
      StopSignal stop;
      RunSettings settings;
      settings.threads = threads;
      settings.warn = nullptr;
      const RunFacts facts = run_scenario(mixed, mode, ClockKind::virtual_, trace, stop, settings);
      INFO("threads ", threads, ", ", to_string(mode));
      CHECK(facts.elapsed == facts.theory);
      CHECK(facts.theory == predict(mixed, mode, threads).total);
    }
  }
}
