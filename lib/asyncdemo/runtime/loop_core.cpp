#include "asyncdemo/runtime/loop_core.hpp"

#include <algorithm>

namespace asyncdemo {

void Parked::run(LoopCore& loop) {
  if (state == State::fired) {
    // The future's result is set: the task's wakeup goes to the back of the queue.
    state = State::ready;
    loop.call_soon(*this);
    return;
  }
  state = State::running;
  if (must_cancel) {
    must_cancel = false;
    wake = Wake::cancelled;
  }
  loop.resuming(*this);
  started = true;
  // Last: the coroutine may end, and its frame holds this entry.
  if (waiter) {
    waiter.resume();
  } else {
    step_on();
  }
}

bool Parked::on_due() {
  timed = false;
  state = State::fired;
  wake = Wake::deadline;
  return true;
}

void LoopCore::deliver_arrivals() {
  delivering_ = true;
  arrivals_->deliver(*this);
  delivering_ = false;
}

void LoopCore::call_soon(Callback& entry) {
  if (arrivals_ != nullptr && !delivering_ && arrivals_->pending()) deliver_arrivals();
  ready_.push_back(entry);
}

void LoopCore::call_at(TimedCallback& entry) {
  timers_.push(entry);
}

bool LoopCore::park(Parked& waiter) {
  if (waiter.must_cancel) {
    // asyncio cancels the future a cancelled task goes on to await, at once.
    waiter.must_cancel = false;
    waiter.timed = false;
    waiter.source = nullptr;
    waiter.wake = Wake::cancelled;
    waiter.state = Parked::State::ready;
    call_soon(waiter);
    return false;
  }
  waiter.state = Parked::State::parked;
  waiter.wake = Wake::woken;
  waiter.handed = false;
  if (waiter.timed) {
    timers_.push(waiter);
    peak_asleep_ = std::max(peak_asleep_, ++asleep_);
  } else if (waiter.source != nullptr && waiter.source->external()) {
    ++external_waits_;
  }
  if (observer_ != nullptr) observer_->parked(waiter, *view_);
  return true;
}

void LoopCore::yield_now(Parked& waiter) {
  waiter.state = Parked::State::ready;
  waiter.wake = Wake::woken;
  call_soon(waiter);
}

void LoopCore::leave_source(Parked& waiter) {
  if (waiter.timed) {
    timers_.remove(waiter);
    waiter.timed = false;
    --asleep_;
  }
  if (waiter.source != nullptr) {
    if (waiter.source->external()) --external_waits_;
    waiter.source = nullptr;
  }
}

void LoopCore::fire(Parked& waiter, Wake wake) {
  leave_source(waiter);
  waiter.wake = wake;
  waiter.state = Parked::State::fired;
  call_soon(waiter);
}

void LoopCore::wake(Parked& waiter) {
  leave_source(waiter);
  waiter.handed = true;
  waiter.wake = Wake::woken;
  waiter.state = Parked::State::ready;
  call_soon(waiter);
}

void LoopCore::take_out_of_ready(Callback& entry) {
  if (&entry == batch_last_) batch_last_ = entry.prev;
  ready_.remove(entry);
}

void LoopCore::cancel(std::span<Parked* const> waiters) {
  for (Parked* waiter : waiters) {
    switch (waiter->state) {
      case Parked::State::parked:
        if (waiter->source != nullptr) {
          if (Parked* instead = waiter->source->cancel_instead(*waiter)) {
            cancel({&instead, 1});
            continue;
          }
          waiter->source->withdraw(*waiter);
        }
        leave_source(*waiter);
        break;
      case Parked::State::fired:
        // Its timer (or its job) already ran out, but the entry that would wake it has not
        // run: asyncio cancels the future it waits on, and that entry then does nothing.
        take_out_of_ready(*waiter);
        break;
      case Parked::State::ready:
      case Parked::State::running:
        waiter->must_cancel = true;
        continue;
    }
    waiter->wake = Wake::cancelled;
    waiter->state = Parked::State::ready;
    call_soon(*waiter);
  }
}

void LoopCore::run_turn() {
  ++turns_;
  if (arrivals_ != nullptr && arrivals_->pending()) deliver_arrivals();
  const Duration now = clock_.now();
  while (!timers_.empty() && timers_.next_due() <= now) {
    TimedCallback& due = timers_.pop();
    if (due.on_due()) --asleep_;
    ready_.push_back(due);
  }
  // The last entry, not a count: a cancel may take entries of this batch out of the queue.
  batch_last_ = ready_.back();
  while (batch_last_ != nullptr && !finished_) {
    Callback& entry = ready_.pop_front();
    if (&entry == batch_last_) batch_last_ = nullptr;
    entry.run(*this);
  }
  batch_last_ = nullptr;
  if (finish_after_turn_) finished_ = true;
}

}  // namespace asyncdemo
