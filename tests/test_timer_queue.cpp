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
  CHECK(queue.next_due() == 1s);
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

TEST_CASE("TimerQueue with millisecond ticks is due at the end of each timer's millisecond") {
  Timer a, b, c;
  a.deadline = 1000400us;  // pushed first, due in the tick ending at 1.001 s
  b.deadline = 1000100us;  // same tick: comes out after a, in push order
  c.deadline = 1000ms;     // exactly on a tick: due at 1.000 s
  TimerQueue queue(1ms);
  queue.push(a);
  queue.push(b);
  queue.push(c);
  CHECK(queue.next_due() == 1000ms);
  CHECK(&queue.pop() == &c);
  CHECK(queue.next_due() == 1001ms);
  CHECK(&queue.pop() == &a);
  CHECK(&queue.pop() == &b);
}

TEST_CASE("TimerQueue remembers the most timers that waited at once") {
  std::vector<Timer> timers(5);
  TimerQueue queue;
  for (int i = 0; i < 3; ++i) queue.push(timers[i]);
  queue.pop();
  queue.pop();
  queue.push(timers[3]);
  CHECK(queue.size() == 2);
  CHECK(queue.peak_size() == 3);
}

TEST_CASE("TimerQueue cancel_all resumes every waiter with cancelled set") {
  std::vector<Timer> timers(3);
  TimerQueue queue;
  for (Timer& timer : timers) {
    timer.waiter = std::noop_coroutine();
    queue.push(timer);
  }
  queue.cancel_all();
  CHECK(queue.empty());
  for (const Timer& timer : timers) CHECK(timer.cancelled);
}
