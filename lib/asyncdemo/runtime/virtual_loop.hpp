#pragma once

#include <cstddef>
#include <vector>

#include "asyncdemo/runtime/event_loop.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"

namespace asyncdemo {

// An event loop in virtual time: instead of waiting for the next timer it jumps the clock to
// it. Same ordering rules as the libuv loop, so it predicts the real run exactly.
//
// Its thread pool is `threads` virtual workers taking jobs first in, first out, as libuv's pool
// does. Work durations are known when a job is queued, so each job's worker and start time are
// decided then: the next free worker (the lowest-numbered of equals), at the time it frees up.
// The coroutine waits for the start and then for the end as for two timers, so a loop blocked
// meanwhile learns of both late, as the real loop would.
class VirtualLoop final : public EventLoop {
 public:
  VirtualLoop(VirtualClock& clock, const StopSignal& stop, std::size_t threads = 4)
      : EventLoop(stop), clock_(clock), free_at_(threads == 0 ? 1 : threads) {}
  Clock& clock() override { return clock_; }
  bool wait(Timer& timer) override;
  bool start_work(WorkItem& item) override;
  bool finish_work(WorkItem& item) override;
  void run_until(const std::function<bool()>& finished) override;
  std::size_t peak_waiting() const override { return timers_.peak_size(); }
  std::uint64_t loop_iterations() const override { return iterations_; }

 private:
  void cancel_everything();

  VirtualClock& clock_;
  TimerQueue timers_;  // sleeping coroutines, as in UvLoop
  // Coroutines waiting for pool work, kept apart from the sleepers as UvLoop keeps them: those
  // whose job has finished, and those whose job a worker is to take. A worker takes its next
  // job only after it has finished the last, so at equal times starts come last.
  TimerQueue finishes_;
  TimerQueue starts_;
  std::vector<Duration> free_at_;  // per worker: when it finishes the last job it was given
  std::uint64_t iterations_ = 0;
};

}  // namespace asyncdemo
