#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "asyncdemo/runtime/event_loop.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"
#include "asyncdemo/runtime/timer_queue.hpp"

// libuv's loop type, declared so that the hook for uv_net.cpp needs no <uv.h> here.
struct uv_loop_s;

namespace asyncdemo {

// A libuv error, in our own type so that nothing outside uv_loop.cpp (and uv_net.cpp) needs <uv.h>.
class LoopError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How many threads libuv's pool has, or will have when it starts: `requested` if not 0, else
// UV_THREADPOOL_SIZE clamped to 1..1024, else 4. Once the pool runs, the size it runs with.
std::size_t thread_pool_size(std::size_t requested);

// Fixes the size of libuv's thread pool before anything starts it, for a sync run that starts it
// first with a lookup (fetch) while a later async run asks for `threads`. Throws LoopError if
// the pool already runs with another size.
void reserve_thread_pool(std::size_t threads);

// The real event loop: a libuv loop in real time.
//
// Waiting coroutines sit in one TimerQueue with millisecond ticks, libuv's own resolution, and a
// single libuv timer is armed for the earliest tick, instead of one libuv timer per sleep:
// waiting then costs one list link inside the coroutine frame, and ticks are checked against a
// fresh clock rather than libuv's cached loop time, so no coroutine ever wakes before its
// deadline.
//
// Work goes to libuv's thread pool with uv_queue_work. A cancelled coroutine gives its job up at
// once: a job still queued is taken off the queue with uv_cancel; a running one finishes on its
// thread and its result is dropped. Either way the job lives on the heap until libuv's after-work
// callback frees it, since the coroutine frame that asked for it may be gone by then.
class UvLoop final : public EventLoop {
 public:
  // `threads` sizes libuv's thread pool, which is one per process and sized once, when the first
  // work is queued; 0 leaves it to libuv (UV_THREADPOOL_SIZE, else 4). Throws LoopError if the
  // pool already runs with another size.
  UvLoop(RealClock& clock, const StopSignal& stop, std::size_t threads = 0);
  ~UvLoop() override;
  UvLoop(const UvLoop&) = delete;
  UvLoop& operator=(const UvLoop&) = delete;

  Clock& clock() override { return clock_; }
  bool wait(Timer& timer) override;
  bool start_work(WorkItem& item) override;
  bool finish_work(WorkItem& item) override;
  void set_deadline(Duration deadline) override;
  void cancel_run(StopReason reason) override;
  void run_until(const std::function<bool()>& finished) override;
  std::size_t abandoned_work() const override { return abandoned_; }
  void wait_for_abandoned_work(Duration until = Duration::max()) override;
  std::size_t peak_waiting() const override { return timers_.peak_size(); }
  std::uint64_t loop_iterations() const override { return iterations_; }

  // The narrow hook for runtime/uv_net.cpp, the sockets and DNS on this loop. A coroutine
  // waiting for I/O is registered with its Timer (only `waiter` and `cancelled` are used), so
  // that a cancel resumes it with `cancelled` set, as it resumes coroutines waiting for timers.
  uv_loop_s* native_loop();
  void add_io_wait(Timer& timer) { io_waits_.insert(&timer); }
  void remove_io_wait(Timer& timer) { io_waits_.erase(&timer); }
  // Called before a request that runs on libuv's thread pool (getaddrinfo), which sizes the pool.
  void before_pool_use();

 private:
  struct Handles;
  struct Job;
  void resume_due();
  void arm_timer();
  void arm_deadline();
  void cancel_everything();
  void report_started();
  void work_done(Job* job, bool cancelled);

  RealClock& clock_;
  std::size_t threads_;
  TimerQueue timers_;
  std::unique_ptr<Handles> uv_;
  std::unordered_set<Timer*> io_waits_;  // coroutines waiting for sockets or DNS
  std::vector<Job*> attached_;  // jobs whose coroutine still waits for them, in queue order
  std::size_t in_flight_ = 0;   // jobs libuv has not yet handed back, attached or not
  std::size_t abandoned_ = 0;   // given-up jobs that uv_cancel could not take off the queue
  std::uint64_t iterations_ = 0;
  bool dispatching_ = false;
  bool armed_ = false;
  Duration armed_for_{};
};

}  // namespace asyncdemo
