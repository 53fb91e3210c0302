#pragma once

#include <coroutine>
#include <cstddef>
#include <string>

#include "asyncdemo/runtime/parking_lot.hpp"
#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

// --event NAME: asyncio.Event. set() wakes every task that waits, in the order they came, and
// later waits return at once; the event is never cleared.
class EventFlag final : public ParkingLot {
 public:
  explicit EventFlag(std::string name);
  const std::string& name() const { return name_; }
  bool is_set() const { return set_; }

  // Sets it, by `by`; returns how many waiting tasks it woke.
  std::size_t set(Executor& executor, const TaskState& by);

  // `co_await flag.wait(ctx)`: until it is set; returns the task that set it when this one
  // waited for that (none when it was set already); throws Cancelled.
  class Wait {
   public:
    Wait(EventFlag& flag, TaskContext& ctx) : flag_(flag), ctx_(ctx) {}
    bool await_ready() const noexcept { return flag_.set_; }
    bool await_suspend(std::coroutine_handle<> waiter);
    const TaskState* await_resume() const;

   private:
    EventFlag& flag_;
    TaskContext& ctx_;
    bool parked_ = false;  // it waited (else the task's last wake is not this one's)
  };
  Wait wait(TaskContext& ctx) { return Wait(*this, ctx); }

  std::string waits_for(const Parked& waiter) const override;

 private:
  std::string name_;
  bool set_ = false;
  const TaskState* set_by_ = nullptr;
};

}  // namespace asyncdemo
