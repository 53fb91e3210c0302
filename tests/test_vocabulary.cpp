#include <doctest/doctest.h>

#include <set>

#include "asyncdemo/pictures/vocabulary.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("every state has its own mark, colour and legend entry") {
  std::set<std::string_view> unicode, ascii, fills, legends;
  for (const StateLook& look : states()) {
    CHECK(&look_of(look.state) == &look);
    unicode.insert(look.unicode);
    ascii.insert(look.ascii);
    fills.insert(look.fill);
    legends.insert(look.legend);
  }
  CHECK(unicode.size() == states().size());
  CHECK(ascii.size() == states().size());
  CHECK(fills.size() == states().size());
  CHECK(legends.size() == states().size());
  CHECK(look_of(Ending::failed).unicode != look_of(Ending::cancelled).unicode);
  CHECK(look_of(Ending::failed).ascii != look_of(Ending::cancelled).ascii);
}

TEST_CASE("legend_of says the loop in async mode and the thread in sync mode") {
  CHECK(legend_of(State::blocking, false, true) == "blocks the loop");
  CHECK(legend_of(State::blocking, true, false) == "blocks the thread");
  CHECK(legend_of(State::blocking, true, true) == "blocks the thread (in async mode, the loop)");
  CHECK(legend_of(State::asleep, true, true) == "asleep");
}

TEST_CASE("a bar's label is its duration, or what was asked and what it took") {
  CHECK(label_duration(1s) == "1s");
  CHECK(label_duration(1000120us) == "1s");
  CHECK(label_duration(1350ms) == "1.35s");
  CHECK(label_duration(2107us) == "2.11ms");
  CHECK(bar_label(1000120us, 1s) == "1s");
  CHECK(bar_label(2s, 1s) == "asked 1s, took 2s");
  CHECK(bar_label(250ms, Duration::zero()) == "250ms");
}

TEST_CASE("run_heading describes what the tasks do") {
  RunFacts run;
  run.tasks = 2;
  run.waits.sleep = true;
  CHECK(run_heading(Mode::sync, run) == "2 tasks, one after another: each sleep blocks the thread");
  CHECK(run_heading(Mode::async, run) ==
        "2 tasks as coroutines on one event loop: a sleep lets the others run");
  run.waits = Waits{false, false, false, true};
  CHECK(run_heading(Mode::sync, run) == "2 tasks, one after another: each fetch blocks the thread");
  run.waits = Waits{true, true, true, false};
  CHECK(run_heading(Mode::sync, run) ==
        "2 tasks, one after another: each sleep, blocking call and job blocks the thread");
  CHECK(run_heading(Mode::async, run) ==
        "2 tasks as coroutines on one event loop: a sleep or a job on the pool lets the others "
        "run; a blocking call holds the loop");
  run.waits = Waits{};
  run.tasks = 1;
  CHECK(run_heading(Mode::async, run) == "1 task as coroutines on one event loop");
  CHECK(run_heading(Mode::sync, run) == "1 task, one after another");
}

TEST_CASE("run_outcome uses the text trace's words") {
  RunFacts run;
  run.elapsed = 1500ms;
  CHECK(run_outcome(run) == "finished in 1.500s");
  run.finished = 1;
  run.cancelled = 2;
  run.stopped_by = StopReason::timeout;
  CHECK(run_outcome(run) == "timed out after 1.500s: 1 finished, 2 cancelled");
  run.failed = 1;
  run.stopped_by = StopReason::task_failed;
  CHECK(run_outcome(run) == "failed after 1.500s: 1 finished, 1 failed, 2 cancelled");
  run.stopped_by = StopReason::interrupt;
  CHECK(run_outcome(run) == "stopped after 1.500s: 1 finished, 1 failed, 2 cancelled");
  run.cancelled = 0;
  run.stopped_by = StopReason::none;
  CHECK(run_outcome(run) == "finished after 1.500s: 1 finished, 1 failed, 0 cancelled");
}

TEST_CASE("theory's words say what it counted, or that it cannot know") {
  RunFacts run;
  run.theory = 2s;
  run.waits.sleep = true;
  CHECK(theory_words(Mode::sync, run) == "2.000s, the sum of all sleeps");
  CHECK(theory_words(Mode::async, run) == "2.000s, the longest task");
  run.waits.work = true;
  run.threads = 4;
  CHECK(theory_words(Mode::sync, run) == "2.000s, the sum of all waits");
  CHECK(theory_words(Mode::async, run) == "2.000s, the longest task, with 4 pool threads");
  run.waits.block = true;
  CHECK(theory_basis(Mode::async, run) ==
        "the longest task, with 4 pool threads and blocking calls holding the loop");
  run.waits.fetch = true;
  CHECK(theory_words(Mode::async, run) == "unknown (network)");
  CHECK(theory_total(run) == "unknown");
}

TEST_CASE("shown_body shows JSON as JSON on one line and anything else quoted") {
  CHECK(shown_body("{\"id\":1,\"name\":\"Tom\"}\n", 22) == "{\"id\":1,\"name\":\"Tom\"}");
  CHECK(shown_body("{\n  \"a\": \"x  y\",\n  \"b\": [1, 2]\n}", 30) ==
        "{ \"a\": \"x  y\", \"b\": [1, 2] }");
  CHECK(shown_body("[1,2", 100) == "[1,2…");
  CHECK(shown_body("not found\n", 10) == "\"not found\\n\"");
  CHECK(shown_body("hello", 5000) == "\"hello…\"");
  CHECK(shown_body("", 0).empty());
}

TEST_CASE("one_line escapes what would break a line") {
  CHECK(one_line("a\nb\tc\x01") == "a\\nb\\tc\\x01");
}

TEST_CASE(
    "every state has a pattern of its own, so that the page tells states apart without colour") {
  std::set<std::string_view> patterns;
  for (const StateLook& look : states()) {
    CHECK(!look.pattern.empty());
    patterns.insert(look.pattern);
  }
  CHECK(patterns.size() == states().size());
}
