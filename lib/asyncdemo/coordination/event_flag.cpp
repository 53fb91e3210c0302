#include "asyncdemo/coordination/event_flag.hpp"

namespace asyncdemo {

EventFlag::EventFlag(std::string name) : ParkingLot(name), name_(std::move(name)) {}

std::size_t EventFlag::set(Executor& executor, const TaskState& by) {
  if (set_) return 0;
  set_ = true;
  set_by_ = &by;
  return executor.unpark(*this, ParkingLot::size());
}

bool EventFlag::Wait::await_suspend(std::coroutine_handle<> waiter) {
  parked_ = true;
  TaskState& task = ctx_.self();
  task.waiter = waiter;
  return ctx_.executor().park_on(
      flag_, task,
      "in sync mode one task runs at a time, so the task that would set it cannot run while this "
      "one waits");
}

const TaskState* EventFlag::Wait::await_resume() const {
  if (!parked_) return nullptr;
  if (ctx_.self().cancelled()) throw Cancelled{};
  return flag_.set_by_;
}

std::string EventFlag::waits_for(const Parked&) const {
  return "event " + name_ + " to be set";
}

}  // namespace asyncdemo
