#pragma once

#include <cstddef>
#include <functional>

#include "asyncdemo/runtime/executor.hpp"
#include "asyncdemo/runtime/loop_core.hpp"
#include "asyncdemo/runtime/loop_view.hpp"

namespace asyncdemo {

// Asynchronous execution: waits park the coroutine and the loop resumes it through its ready
// queue (LoopCore). The loops differ only in how they wait between turns.
//
// The owner of the coroutines (the scheduler, the server) decides what a stop does: a stop
// request (Ctrl-C, SIGTERM, a closed pipe) queues the owner's stop handler once, and the owner
// cancels its coroutines in the order it chooses through cancel().
class EventLoop : public Executor, public LoopView {
 public:
  EventLoop(const StopSignal& stop, Clock& clock, Duration tick)
      : Executor(stop), core_(clock, tick) {
    core_.set_observer(nullptr, this);
  }
  Mode mode() const override { return Mode::async; }
  Clock& clock() override { return core_.clock(); }
  bool park(Parked& waiter) override;
  bool park_on(ParkingLot& lot, Parked& waiter, std::string_view why) override;
  std::size_t unpark(ParkingLot& lot, std::size_t n) override;
  bool yield_now(Parked& waiter) override;
  bool block(const Parked& task, Duration until) override;
  std::size_t peak_waiting() const override { return core_.peak_asleep(); }
  std::uint64_t loop_iterations() const override { return core_.turns(); }
  void set_observer(LoopObserver* observer) override;

  LoopCore& core() { return core_; }
  void call_soon(Callback& entry) { core_.call_soon(entry); }
  void call_at(TimedCallback& entry) { core_.call_at(entry); }
  void cancel(std::span<Parked* const> waiters) { core_.cancel(waiters); }
  // Queued once, in the turn after a stop is requested.
  void set_stop_handler(Callback* handler) { stop_handler_ = handler; }

  enum class Outcome { finished, stuck };
  // Runs turns until core().finish() is called or `done` (checked between turns) is true:
  // finished; or until nothing is ready, no timer waits and nothing outside the loop can wake
  // the coroutines still parked: stuck, which the owner reports as a deadlock.
  Outcome run_until(const std::function<bool()>& done = {});

  // Jobs still running on a pool thread although their coroutine was cancelled: a thread cannot
  // be stopped, so it finishes the work and the result is dropped.
  virtual std::size_t abandoned_work() const { return 0; }
  // Waits until every abandoned job has finished on its thread, or until the clock reads
  // `until` if that comes first.
  virtual void wait_for_abandoned_work(Duration until = Duration::max()) { (void)until; }

  // LoopView
  Duration now() const override { return core_.now(); }
  std::uint64_t iteration() const override { return core_.turns(); }
  std::size_t ready() const override { return core_.ready_count(); }
  std::size_t ready_labels(std::span<std::string_view> labels) const override;
  std::size_t timers() const override { return core_.timers().size(); }
  const TimedCallback* next_timer() const override {
    return core_.timers().empty() ? nullptr : &core_.timers().next();
  }
  std::size_t timers_due_by(Duration t) const override { return core_.timers().due_by(t); }

 protected:
  // Waits for whatever can end a wait: `may_block` false only polls (something is ready).
  virtual void wait_for_events(bool may_block) = 0;
  // How long the loop will wait when it blocks now: until the next timer, or none (a thread or
  // a socket ends the wait). For --explain.
  std::optional<Duration> idle_wait() const;

 private:
  void notice_stop();

  LoopCore core_;
  Callback* stop_handler_ = nullptr;
  bool stop_noticed_ = false;
};

}  // namespace asyncdemo
