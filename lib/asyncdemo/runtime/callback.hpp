#pragma once

#include <cstddef>
#include <string_view>

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {

class LoopCore;

// One entry of an event loop's ready queue, as asyncio's Handle is: something to run when its
// turn comes. Entries link through `next` and `prev`, so queueing one allocates nothing and
// taking one out of the middle of a queue (a cancel) costs nothing either. An entry is in at
// most one list at a time: the ready queue, the timer queue, or a parking lot.
class Callback {
 public:
  Callback() = default;
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;

  virtual void run(LoopCore& loop) = 0;
  // Whose entry this is, for --explain and the deadlock report: a task's name, "--timeout".
  virtual std::string_view label() const { return {}; }

  Callback* next = nullptr;
  Callback* prev = nullptr;

 protected:
  ~Callback() = default;
};

// A callback due at a time, as asyncio's TimerHandle is: it waits in the timer queue until its
// deadline has passed, then joins the ready queue.
class TimedCallback : public Callback {
 public:
  // Called as the loop moves the entry from the timer queue to the ready queue, before it runs.
  // True for a coroutine that slept (the loop counts those asleep).
  virtual bool on_due() { return false; }

  Duration deadline{};

 protected:
  ~TimedCallback() = default;
};

// A FIFO of callbacks linked through their own fields.
class CallbackList {
 public:
  CallbackList() = default;
  CallbackList(const CallbackList&) = delete;
  CallbackList& operator=(const CallbackList&) = delete;

  bool empty() const { return head_ == nullptr; }
  std::size_t size() const { return size_; }
  Callback* front() const { return head_; }
  Callback* back() const { return tail_; }

  void push_back(Callback& entry) {
    entry.next = nullptr;
    entry.prev = tail_;
    if (tail_ == nullptr) {
      head_ = &entry;
    } else {
      tail_->next = &entry;
    }
    tail_ = &entry;
    ++size_;
  }

  // Precondition: !empty().
  Callback& pop_front() {
    Callback& entry = *head_;
    remove(entry);
    return entry;
  }

  // Precondition: `entry` is in this list.
  void remove(Callback& entry) {
    (entry.prev == nullptr ? head_ : entry.prev->next) = entry.next;
    (entry.next == nullptr ? tail_ : entry.next->prev) = entry.prev;
    entry.next = entry.prev = nullptr;
    --size_;
  }

  // Moves every entry of `other` to the end of this list, in order.
  void splice_back(CallbackList& other) {
    if (other.empty()) return;
    if (tail_ == nullptr) {
      head_ = other.head_;
    } else {
      tail_->next = other.head_;
      other.head_->prev = tail_;
    }
    tail_ = other.tail_;
    size_ += other.size_;
    other.head_ = other.tail_ = nullptr;
    other.size_ = 0;
  }

 private:
  Callback* head_ = nullptr;
  Callback* tail_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace asyncdemo
