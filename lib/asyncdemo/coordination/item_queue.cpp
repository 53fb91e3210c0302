#include "asyncdemo/coordination/item_queue.hpp"

#include <fmt/format.h>

namespace asyncdemo {

ItemQueue::Waiters::Waiters(const ItemQueue& queue, bool for_room)
    : ParkingLot(queue.name()), queue_(queue), for_room_(for_room) {}

std::string ItemQueue::Waiters::waits_for(const Parked&) const {
  if (for_room_) {
    return fmt::format("room in queue {} (full: {} of {})", queue_.name(), queue_.size(),
                       queue_.maxsize());
  }
  return fmt::format("an item in queue {} (empty)", queue_.name());
}

// One wait in a lot (for an item, or for room); the caller looks again when it resumes.
class ItemQueue::Wait {
 public:
  Wait(Waiters& lot, Waiters& others, TaskContext& ctx, const char* why)
      : lot_(lot), others_(others), ctx_(ctx), why_(why) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) {
    TaskState& task = ctx_.self();
    task.waiter = waiter;
    return ctx_.executor().park_on(lot_, task, why_);
  }
  // `still_there`: whether what the task was woken for is still there, when it was woken and
  // then cancelled: then the next in line is woken instead.
  void resume(bool still_there) const {
    const TaskState& task = ctx_.self();
    if (!task.cancelled()) return;
    if (task.handed && still_there) ctx_.executor().unpark(lot_, 1);
    throw Cancelled{};
  }
  void await_resume() const {}

  Waiters& lot_;
  Waiters& others_;
  TaskContext& ctx_;
  const char* why_;
};

ItemQueue::ItemQueue(std::string name, std::size_t maxsize)
    : name_(std::move(name)), maxsize_(maxsize), getters_(*this, false), putters_(*this, true) {}

Task ItemQueue::put(TaskContext& ctx, std::string text) {
  while (full()) {
    Wait room(putters_, getters_, ctx,
              "in sync mode one task runs at a time: a producer that waits for room in a full "
              "queue waits for a consumer that can only run after it; a producer and a consumer "
              "need concurrency (try --async)");
    co_await room;
    room.resume(!full());
  }
  items_.push_back(Item{std::move(text), std::string(ctx.task())});
  ctx.executor().unpark(getters_, 1);
}

Task ItemQueue::get(TaskContext& ctx, Item& out) {
  while (items_.empty()) {
    Wait item(getters_, putters_, ctx,
              "in sync mode one task runs at a time: a consumer that waits for an item waits "
              "for a producer that can only run after it; a producer and a consumer need "
              "concurrency (try --async)");
    co_await item;
    item.resume(!items_.empty());
  }
  out = std::move(items_.front());
  items_.pop_front();
  ctx.executor().unpark(putters_, 1);
}

}  // namespace asyncdemo
