#pragma once

#include <cstddef>

#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

class Scenario;

// What theory predicts for a run: how long it takes when every wait lasts exactly what its
// step asks and nothing else costs time.
struct Theory {
  Duration total{};  // with waits.fetch a lower bound: a server's time is not known ahead
  Waits waits{};
  std::size_t threads = 0;  // async runs with work: the pool size it counted with
  // Tasks that wait for each other (await, spawn, limits, queues, events) or groups of steps:
  // no formula says how long those take, so the run's scheduler runs the scenario once on the
  // virtual clock, where every wait lasts what its step asks, and that is theory's total.
  bool needs_ideal_run = false;
};

// Sync: one thread does everything, so every wait is added up. Async: each task as long as its
// own waits, except that blocking calls hold the one loop (nothing else resumes meanwhile) and
// work waits for one of `threads` pool threads, first in, first out: eight 1 s jobs on four
// threads take 2 s, in two waves. A task ends at a failing step; a fetch counts as no time, so
// with fetches theory is only a lower bound. With neither blocks nor work the answer is the
// longest task, found without simulating a million tasks one by one.
Theory predict(const Scenario& scenario, Mode mode, std::size_t threads);

}  // namespace asyncdemo
