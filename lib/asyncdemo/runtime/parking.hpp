#pragma once

#include <coroutine>
#include <cstdint>
#include <string>
#include <string_view>

#include "asyncdemo/runtime/callback.hpp"

namespace asyncdemo {

class Parked;

// How a parked coroutine's wait ended: something woke it, its deadline passed, or it was
// cancelled (then the await where it stands throws Cancelled).
enum class Wake : std::uint8_t { woken, deadline, cancelled };

// What a parked coroutine waits for when it is not only a deadline: a job on a pool thread, a
// socket, a lock. The loop asks it to let go of a waiter that is cancelled.
class WaitSource {
 public:
  // The wait ends for another reason (a cancel): forget `waiter`, whose wake is not yours now.
  virtual void withdraw(Parked& waiter) = 0;
  // What `waiter` waits for, in words, for the deadlock report and --explain: "a pool thread",
  // "the network (127.0.0.1:8080)", "lock db, held by b".
  virtual std::string waits_for(const Parked& waiter) const = 0;
  // True when something other than the loop's own coroutines ends the wait (a thread, the
  // network). A run whose coroutines all wait for each other is a deadlock.
  virtual bool external() const = 0;
  // What to cancel instead of `waiter`, which then waits on: asyncio cancels the task a task
  // awaits, rather than the awaiter, which ends when the awaited task does. Null: the waiter.
  virtual Parked* cancel_instead(const Parked& waiter) {
    (void)waiter;
    return nullptr;
  }

 protected:
  ~WaitSource() = default;
};

// A coroutine parked on an event loop: the one way anything waits. It waits either for its
// deadline (a sleep) or for its source to wake it (a job, a socket, a lock); a source with a
// time limit of its own (a socket) keeps its own timer. It lives as long as the coroutine it
// parks (in a task's frame, or in a connection's), so parking allocates nothing.
//
// Every wake goes through the ready queue, as in asyncio. A deadline or a source that finishes
// its work "fires" the wait: the entry runs once in the ready queue (asyncio's timer handle, or
// the callback that sets a future's result) and queues the coroutine's resumption behind
// whatever is ready by then (asyncio's Task.__wakeup). A lot that hands over a lock queues the
// resumption directly, as setting a future's result does.
class Parked : public TimedCallback {
 public:
  enum class State : std::uint8_t {
    running,  // not waiting: the coroutine runs, or has not parked yet
    parked,   // waiting for its deadline or its source
    fired,    // the wait is over; its first entry is in the ready queue
    ready,    // its resumption is in the ready queue
  };

  void run(LoopCore& loop) final;
  bool on_due() final;
  // How a waiter without a coroutine (`waiter` empty) goes on when its turn comes: a task that
  // its state drives itself (see TaskState).
  virtual void step_on() {}
  bool cancelled() const { return wake == Wake::cancelled; }

  std::coroutine_handle<> waiter;
  WaitSource* source = nullptr;
  // Bit-fields, in two bytes: a million sleeping tasks hold a million of these.
  State state : 2 = State::running;
  Wake wake : 2 = Wake::woken;
  bool timed : 1 = false;    // waits in the timer queue for `deadline`
  bool started : 1 = false;  // it has been resumed at least once (a task's first step has run)
  // asyncio's _must_cancel: cancelled while its resumption was already queued (or while it
  // ran), so it resumes with Cancelled, or parks straight into a cancelled wake.
  bool must_cancel : 1 = false;
  // Its source handed it what it waited for (a lock, an item) before it resumed: a waiter
  // cancelled after that gives it back, as asyncio's Semaphore and Queue do.
  bool handed : 1 = false;

 protected:
  ~Parked() = default;
};

// A parked coroutine that belongs to no task of a scenario: a connection of `serve`, a test's.
class ParkedCoroutine final : public Parked {
 public:
  explicit ParkedCoroutine(std::string_view label = {}) : label_(label) {}
  std::string_view label() const override { return label_; }

 private:
  std::string_view label_;
};

}  // namespace asyncdemo
