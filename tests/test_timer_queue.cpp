#include <doctest/doctest.h>

#include <vector>

#include "asyncdemo/runtime/timer_queue.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

struct Timer final : TimedCallback {
  void run(LoopCore&) override {}
};

}  // namespace

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
  CHECK(&queue.next() == &early);
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

TEST_CASE("TimerQueue with coarse ticks lets each timer out at its own deadline, in push order") {
  Timer a, b, c, d;
  a.deadline = 1000100us;  // due in the tick ending at 1.001 s
  b.deadline = 1000400us;  // same tick, later: the usual case, a later sleep of the same length
  c.deadline = 1000200us;  // same tick, earlier than b: comes out after b, in push order
  d.deadline = 1000ms;     // exactly on a tick: the tick before
  TimerQueue queue(1ms);
  queue.push(a);
  queue.push(b);
  queue.push(c);
  queue.push(d);
  CHECK(queue.next_due() == 1000ms);
  CHECK(queue.due_by(1000ms) == 1);
  CHECK(&queue.pop() == &d);
  CHECK(queue.next_due() == 1000100us);
  CHECK(&queue.pop() == &a);
  CHECK(queue.next_due() == 1000400us);
  CHECK(queue.due_by(1000300us) == 0);  // c is past its deadline, but waits behind b
  CHECK(queue.due_by(1000400us) == 2);
  CHECK(&queue.pop() == &b);
  CHECK(queue.next_due() == 1000200us);
  CHECK(&queue.pop() == &c);
  CHECK(queue.empty());
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

TEST_CASE("TimerQueue remove takes a timer out from anywhere, keeping the others' order") {
  std::vector<Timer> timers(4);
  for (Timer& timer : timers) timer.deadline = 1s;
  timers[3].deadline = 2s;
  TimerQueue queue;
  for (Timer& timer : timers) queue.push(timer);
  queue.remove(timers[1]);
  queue.remove(timers[3]);  // the only timer of its tick
  CHECK(queue.size() == 2);
  CHECK(queue.due_by(10s) == 2);
  CHECK(&queue.pop() == &timers[0]);
  CHECK(&queue.pop() == &timers[2]);
  CHECK(queue.empty());
}

TEST_CASE("TimerQueue counts the timers due by a time") {
  Timer a, b, c;
  a.deadline = 1s;
  b.deadline = 2s;
  c.deadline = 3s;
  TimerQueue queue;
  queue.push(c);
  queue.push(a);
  queue.push(b);
  CHECK(queue.due_by(500ms) == 0);
  CHECK(queue.due_by(2s) == 2);
  CHECK(queue.due_by(3s) == 3);
}
