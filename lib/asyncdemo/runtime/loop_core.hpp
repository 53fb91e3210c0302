#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "asyncdemo/runtime/callback.hpp"
#include "asyncdemo/runtime/clock.hpp"
#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/parking.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"

namespace asyncdemo {

// The scheduling core that both event loops share, modelled on asyncio's
// BaseEventLoop._run_once. One turn (run_turn) moves the timers that are due into the ready
// queue, in deadline order (equal deadlines in the order they were set), then runs exactly the
// entries that were ready when the turn began; whatever they queue runs in the next turn. The
// loops around it only decide how to wait between turns: libuv waits in the operating system
// for the next deadline, pool job or socket; the virtual loop jumps its clock.
//
// Nothing here allocates per wait or per resumption: entries link through their own fields.
class LoopCore {
 public:
  // What happens outside the loop's thread, or outside its turns, and must join the ready queue
  // at the moment it happens: a pool thread that finished a job appends its callback at once,
  // as asyncio's call_soon_threadsafe does, so it goes before anything the loop queues later.
  class Arrivals {
   public:
    virtual bool pending() const = 0;
    // Queues what has arrived, in the order it happened.
    virtual void deliver(LoopCore& loop) = 0;

   protected:
    ~Arrivals() = default;
  };

  LoopCore(Clock& clock, Duration tick) : clock_(clock), timers_(tick) {}
  LoopCore(const LoopCore&) = delete;
  LoopCore& operator=(const LoopCore&) = delete;

  Clock& clock() { return clock_; }
  Duration now() const { return clock_.now(); }
  void set_arrivals(Arrivals* arrivals) { arrivals_ = arrivals; }
  void set_observer(LoopObserver* observer, const LoopView* view) {
    observer_ = observer;
    view_ = view;
  }

  // asyncio's call_soon: `entry` runs in the next turn, after everything queued before it.
  void call_soon(Callback& entry);
  // asyncio's call_at: `entry` joins the ready queue once entry.deadline has passed.
  void call_at(TimedCallback& entry);
  // Takes back a call_at entry that is not due yet. Precondition: it waits in the timer queue.
  void cancel_timer(TimedCallback& entry) { timers_.remove(entry); }

  // Parks the coroutine in waiter.waiter: on waiter.deadline when waiter.timed, on
  // waiter.source otherwise (never both). Returns true when it waits; false when it had been
  // cancelled meanwhile (must_cancel), so that its resumption with Cancelled is queued instead
  // and its source must not take it.
  bool park(Parked& waiter);
  // asyncio.sleep(0): a bare yield; the coroutine's resumption goes to the back of the queue.
  void yield_now(Parked& waiter);
  // The source is done with a parked waiter: its first entry joins the ready queue, and that
  // entry queues the resumption (a future's result, then Task.__wakeup).
  void fire(Parked& waiter, Wake wake = Wake::woken);
  // The source hands the waiter what it waited for and queues its resumption directly, as
  // setting a future's result queues the task's wakeup (a lock, an event).
  void wake(Parked& waiter);
  // Cancels each waiter, in the order given: a parked one leaves its timer or its source and
  // its resumption with Cancelled is queued at once (one that awaits a task cancels that task
  // instead, and waits on: see WaitSource::cancel_instead); one whose wait already fired is taken
  // out of the ready queue and queued again with Cancelled; one whose resumption is queued, or that
  // runs, gets Cancelled when it resumes or next parks (asyncio's Task.cancel).
  void cancel(std::span<Parked* const> waiters);

  // Tells the observer, if any, that `waiter` is about to resume.
  void resuming(const Parked& waiter) {
    if (observer_ != nullptr) observer_->resuming(waiter, *view_);
  }

  // Queues whatever has arrived from outside the loop's thread by now (see Arrivals).
  void take_arrivals() {
    if (arrivals_ != nullptr && !delivering_ && arrivals_->pending()) deliver_arrivals();
  }

  // One turn of the loop, after the loop has waited for whatever it waits for.
  void run_turn();
  // Counts a turn that its owner runs itself, outside the loop: a first turn that would only
  // run entries the owner would have queued in order (the tasks' first steps).
  void begin_turn() { ++turns_; }
  // Ends the current turn after the entry that runs now (the run is over).
  void finish() { finished_ = true; }
  // Ends the run after the current turn, as asyncio's loop.stop() does: what this turn still
  // has queued runs first.
  void finish_after_turn() { finish_after_turn_ = true; }
  bool finished() const { return finished_; }
  // Lets a finished loop run again (asyncio.run runs it once more to cancel what is left).
  void resume() { finished_ = finish_after_turn_ = false; }

  bool has_ready() const {
    return !ready_.empty() || (arrivals_ != nullptr && arrivals_->pending());
  }
  bool has_timers() const { return !timers_.empty(); }
  // When the earliest timer is due. Precondition: has_timers().
  Duration next_due() const { return timers_.next_due(); }
  // Waiters whose wake can come from outside the loop's own coroutines (threads, sockets).
  std::size_t external_waits() const { return external_waits_; }
  // Nothing is ready, no timer waits, and nothing outside can wake anyone: the coroutines
  // still parked wait for each other.
  bool stuck() const { return !has_ready() && timers_.empty() && external_waits_ == 0; }

  std::size_t ready_count() const { return ready_.size(); }
  // The entry that runs next, null when none is ready; the rest follow through `next`.
  const Callback* ready_front() const { return ready_.front(); }
  const TimerQueue& timers() const { return timers_; }
  std::uint64_t turns() const { return turns_; }
  // The most coroutines that waited for a deadline at once.
  std::size_t peak_asleep() const { return peak_asleep_; }

 private:
  void take_out_of_ready(Callback& entry);
  void leave_source(Parked& waiter);
  void deliver_arrivals();

  Clock& clock_;
  TimerQueue timers_;
  CallbackList ready_;
  // The last entry of the batch the current turn runs; null between turns.
  Callback* batch_last_ = nullptr;
  Arrivals* arrivals_ = nullptr;
  bool delivering_ = false;
  bool finished_ = false;
  bool finish_after_turn_ = false;
  LoopObserver* observer_ = nullptr;
  const LoopView* view_ = nullptr;
  std::size_t external_waits_ = 0;
  std::size_t asleep_ = 0;
  std::size_t peak_asleep_ = 0;
  std::uint64_t turns_ = 0;
};

}  // namespace asyncdemo
