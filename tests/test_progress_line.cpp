#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "asyncdemo/trace/progress_line.hpp"

using namespace asyncdemo;
using std::chrono::milliseconds;

TEST_CASE("progress_text says tasks finished of all, the time elapsed and theory's end") {
  Progress progress;
  progress.mode = Mode::async;
  progress.finished = 412;
  progress.tasks = 1000;
  progress.elapsed = milliseconds(612);
  progress.theory = milliseconds(1000);
  CHECK(progress_text(progress, 80) ==
        "async: 412 of 1000 tasks finished, 0.612s elapsed, theory expects 1.000s");
  progress.mode = Mode::sync;
  progress.finished = 0;
  progress.tasks = 1;
  progress.theory_known = false;
  CHECK(progress_text(progress, 80) ==
        "sync: 0 of 1 task finished, 0.612s elapsed, theory expects at least 1.000s");
}

TEST_CASE("progress_text stays one column short of the terminal, so it never wraps") {
  Progress progress;
  progress.tasks = 10;
  const std::string text = progress_text(progress, 30);
  CHECK(text.size() <= 29 + std::string("…").size() - 1);
  CHECK(text.ends_with("…"));
}

TEST_CASE("progress_delay: real time on a terminal, at once with --quiet, after 1s to a file") {
  CHECK(progress_delay(ClockKind::real, true, true, false, false) == Duration::zero());
  CHECK(progress_delay(ClockKind::real, true, false, true, false) == std::chrono::seconds(1));
  CHECK(progress_delay(ClockKind::real, true, true, true, false) == Duration::zero());
  // The trace itself on the terminal: nothing to add.
  CHECK_FALSE(progress_delay(ClockKind::real, true, false, false, false));
  CHECK_FALSE(progress_delay(ClockKind::real, false, true, true, false));     // not a terminal
  CHECK_FALSE(progress_delay(ClockKind::virtual_, true, true, true, false));  // instant anyway
  CHECK_FALSE(progress_delay(ClockKind::real, true, true, false, true));      // --explain talks
}
