#pragma once

#include <cstddef>
#include <deque>
#include <string>

#include "asyncdemo/core/task.hpp"
#include "asyncdemo/runtime/parking_lot.hpp"
#include "asyncdemo/steps/task_context.hpp"

namespace asyncdemo {

// --queue NAME=MAXSIZE: asyncio.Queue(maxsize), 0 unbounded. As CPython's Queue (3.11): put
// waits while the queue is full and get while it is empty; putting an item wakes the first
// getter and getting one wakes the first putter, but neither is handed anything: the woken task
// looks again when it resumes, so a task that comes first may take the item (or the room), and
// the woken one waits again at the back. A woken task that is cancelled before it resumes wakes
// the next one instead.
class ItemQueue {
 public:
  struct Item {
    std::string text;
    std::string from;  // the task that put it
  };

  ItemQueue(std::string name, std::size_t maxsize);
  const std::string& name() const { return name_; }
  std::size_t maxsize() const { return maxsize_; }
  std::size_t size() const { return items_.size(); }

  // co_await queue.put(ctx, text): waits for room, then puts the item; throws Cancelled.
  Task put(TaskContext& ctx, std::string text);
  // co_await queue.get(ctx, out): waits for an item, then takes it into `out`.
  Task get(TaskContext& ctx, Item& out);

 private:
  class Waiters final : public ParkingLot {
   public:
    Waiters(const ItemQueue& queue, bool for_room);
    std::string waits_for(const Parked& waiter) const override;

   private:
    const ItemQueue& queue_;
    bool for_room_;
  };
  class Wait;

  bool full() const { return maxsize_ != 0 && items_.size() >= maxsize_; }

  std::string name_;
  std::size_t maxsize_;
  std::deque<Item> items_;
  Waiters getters_;
  Waiters putters_;
};

}  // namespace asyncdemo
