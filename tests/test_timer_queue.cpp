#include <doctest/doctest.h>

#include <vector>

#include "asyncdemo/runtime/timer_queue.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("TimerQueue pops the earliest deadline first") {
  Timer late, early, middle;
  late.deadline = 3s;
  early.deadline = 1s;
  middle.deadline = 2s;
  TimerQueue queue;
  queue.push(late);
  queue.push(early);
  queue.push(middle);
  CHECK(queue.size() == 3);
  CHECK(queue.next_deadline() == 1s);
  CHECK(&queue.pop() == &early);
  CHECK(&queue.pop() == &middle);
  CHECK(&queue.pop() == &late);
  CHECK(queue.empty());
}

TEST_CASE("TimerQueue breaks ties on equal deadlines by push order") {
  std::vector<Timer> timers(100);
  for (Timer& timer : timers) timer.deadline = 5s;
  TimerQueue queue;
  for (Timer& timer : timers) queue.push(timer);
  for (Timer& timer : timers) CHECK(&queue.pop() == &timer);
}
