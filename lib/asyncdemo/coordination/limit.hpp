#pragma once

#include <coroutine>
#include <cstddef>
#include <deque>
#include <string>
#include <vector>

#include "asyncdemo/runtime/parking_lot.hpp"
#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

// --limit NAME=N: asyncio.BoundedSemaphore(N), N=1 being a lock. As CPython's Semaphore (3.11):
// acquire takes a slot at once when one is free and nobody waits; otherwise the task waits first
// come, first served, and release hands the slot straight to the first waiter, so a newcomer
// cannot take it first; a waiter cancelled after it was handed a slot gives it back.
class Limit final : public ParkingLot {
 public:
  Limit(std::string name, std::size_t size);

  const std::string& name() const { return name_; }
  std::size_t capacity() const { return capacity_; }
  // The tasks that hold it, in the order they took it (a task may hold it more than once).
  const std::vector<const TaskState*>& holders() const { return holders_; }

  // `co_await limit.acquire(ctx)`: a slot of the limit for ctx's task, and the task whose
  // release handed it over (none when a slot was free); throws Cancelled if the task was
  // cancelled meanwhile.
  class Acquire {
   public:
    Acquire(Limit& limit, TaskContext& ctx) : limit_(limit), ctx_(ctx) {}
    bool await_ready();
    bool await_suspend(std::coroutine_handle<> waiter);
    const TaskState* await_resume();

   private:
    Limit& limit_;
    TaskContext& ctx_;
    bool taken_ = false;
  };
  Acquire acquire(TaskContext& ctx) { return Acquire(*this, ctx); }

  // Gives one slot back, as BoundedSemaphore.release: false, changing nothing, when that would
  // raise the count above the limit (Python raises ValueError).
  bool release(Executor& executor, const TaskState& task);
  // How many times `task` holds it.
  std::size_t held_by(const TaskState& task) const;

  std::string waits_for(const Parked& waiter) const override;

 private:
  // asyncio's Semaphore.locked(): no slot is free, or some task waits (or was handed a slot and
  // has not resumed yet).
  bool locked() const { return free_ == 0 || ParkingLot::size() > 0 || !handed_.empty(); }
  // _wake_up_next: hands a free slot, given back by `from`, to the first task that waits.
  void hand_over(Executor& executor, const TaskState* from);

  std::string name_;
  std::size_t capacity_;
  std::size_t free_;
  // Waiters handed a slot that have not resumed yet, as the tasks that gave each slot back: they
  // resume in the order they were handed one.
  std::deque<const TaskState*> handed_;
  const TaskState* last_release_ = nullptr;  // who gave back the free slots, for a late hand-over
  std::vector<const TaskState*> holders_;
};

}  // namespace asyncdemo
