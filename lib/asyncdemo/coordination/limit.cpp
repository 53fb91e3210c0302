#include "asyncdemo/coordination/limit.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace asyncdemo {

Limit::Limit(std::string name, std::size_t capacity)
    : ParkingLot(name), name_(std::move(name)), capacity_(capacity), free_(capacity) {}

bool Limit::Acquire::await_ready() {
  if (limit_.locked()) return false;
  --limit_.free_;
  limit_.holders_.push_back(&ctx_.self());
  taken_ = true;
  return true;
}

bool Limit::Acquire::await_suspend(std::coroutine_handle<> waiter) {
  TaskState& task = ctx_.self();
  task.waiter = waiter;
  return ctx_.executor().park_on(
      limit_, task, "in sync mode one task runs at a time, so no other task can run to release it");
}

const TaskState* Limit::Acquire::await_resume() {
  if (taken_) return nullptr;
  TaskState& task = ctx_.self();
  const TaskState* from = nullptr;
  if (task.handed) {
    from = limit_.handed_.front();
    limit_.handed_.pop_front();
  }
  if (task.cancelled()) {
    // Handed a slot, then cancelled before it resumed: the slot goes to the next in line.
    if (task.handed) {
      ++limit_.free_;
      limit_.hand_over(ctx_.executor(), from);
    }
    throw Cancelled{};
  }
  limit_.holders_.push_back(&task);
  if (limit_.free_ > 0) limit_.hand_over(ctx_.executor(), limit_.last_release_);
  return from;
}

void Limit::hand_over(Executor& executor, const TaskState* from) {
  if (ParkingLot::size() == 0) return;
  --free_;
  handed_.push_back(from);
  executor.unpark(*this, 1);
}

bool Limit::release(Executor& executor, const TaskState& task) {
  if (free_ >= capacity_) return false;
  if (const auto held = std::find(holders_.begin(), holders_.end(), &task);
      held != holders_.end()) {
    holders_.erase(held);
  }
  ++free_;
  last_release_ = &task;
  hand_over(executor, &task);
  return true;
}

std::size_t Limit::held_by(const TaskState& task) const {
  return static_cast<std::size_t>(std::count(holders_.begin(), holders_.end(), &task));
}

std::string Limit::waits_for(const Parked&) const {
  std::string by;
  for (std::size_t i = 0; i < holders_.size(); ++i) {
    by += i == 0 ? "" : i + 1 == holders_.size() ? " and " : ", ";
    by += holders_[i]->label();
  }
  if (capacity_ == 1) {
    return holders_.empty() ? fmt::format("lock {}", name_)
                            : fmt::format("lock {}, held by {}", name_, by);
  }
  return fmt::format("limit {} ({} of {} held{}{})", name_, capacity_ - free_, capacity_,
                     holders_.empty() ? "" : ", by ", by);
}

}  // namespace asyncdemo
