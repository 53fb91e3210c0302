#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <unordered_set>

#include "asyncdemo/runtime/event_loop.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/sockets.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

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

// The version of the libuv loaded at run time, "1.44.2".
std::string_view libuv_version();

// The real event loop: the shared scheduling core (LoopCore) in real time, with libuv waiting
// between turns for the next deadline, a pool job or a socket.
//
// Timers sit in the core's queue with 0.1 ms ticks, and one timerfd, which libuv watches like a
// socket, is armed for the next deadline to the nanosecond before the loop waits: waiting then
// costs no libuv timer per sleep, a wake comes as late as the kernel lets it (tens of
// microseconds) rather than libuv's whole milliseconds, and deadlines are checked against a
// fresh clock rather than libuv's cached loop time, so no coroutine ever wakes before its
// deadline.
//
// Work goes to libuv's thread pool with uv_queue_work. A pool thread reports the start and the
// end of a job as it happens (LoopCore::Arrivals), so they join the ready queue in the order
// they happened, as asyncio's call_soon_threadsafe does. A cancelled coroutine gives its job up
// at once: a queued job leaves the queue with uv_cancel; a running one finishes on its thread and
// its result is dropped. Either way the job lives on the heap until libuv is done with it.
class UvLoop final : public EventLoop, private SocketAccess {
 public:
  // `threads` sizes libuv's thread pool, which is one per process and sized once, when the first
  // work is queued; 0 leaves it to libuv (UV_THREADPOOL_SIZE, else 4). Throws LoopError if the
  // pool already runs with another size.
  UvLoop(RealClock& clock, const StopSignal& stop, std::size_t threads = 0);
  ~UvLoop() override;
  UvLoop(const UvLoop&) = delete;
  UvLoop& operator=(const UvLoop&) = delete;

  bool submit_work(WorkItem& item, Parked& waiter) override;
  SocketAccess* sockets() override { return this; }
  std::size_t abandoned_work() const override { return abandoned_; }
  void wait_for_abandoned_work(Duration until = Duration::max()) override;

  bool virtual_time() const override { return false; }
  std::size_t network_waits() const override { return core_external() - attached_; }
  PoolState pool() const override;

  RealClock& real_clock() { return clock_; }
  // The narrow hook for runtime/uv_net.cpp, the sockets and DNS on this loop.
  uv_loop_s* native_loop();
  // Called before a request that runs on libuv's thread pool (getaddrinfo), which sizes the pool.
  void before_pool_use();

 private:
  struct Handles;
  struct Job;
  class PoolArrivals;
  void wait_for_events(bool may_block) override;
  // Arms the timerfd for `deadline`, or disarms it.
  void arm_deadline(std::optional<Duration> deadline);
  std::size_t core_external() const;
  void job_done(Job& job);
  void release(Job& job);
  // SocketAccess: this loop's own sockets, awaited like any other wait.
  UvLoop& loop() override { return *this; }
  Task run(Task operation, Parked& waiter) override;

  RealClock& clock_;
  std::size_t threads_;
  int timer_fd_ = -1;
  std::optional<Duration> armed_for_;  // what the timerfd is armed for, if anything
  std::unique_ptr<Handles> uv_;
  std::unique_ptr<PoolArrivals> arrivals_;
  std::unordered_set<Job*> jobs_;  // every job libuv or the ready queue may still hold
  std::size_t attached_ = 0;       // jobs whose coroutine still waits for them
  std::size_t in_flight_ = 0;      // jobs libuv has not yet handed back, attached or not
  std::size_t in_queue_ = 0;       // jobs waiting for a thread
  std::size_t running_ = 0;        // jobs on a thread now
  std::size_t abandoned_ = 0;      // given-up jobs that uv_cancel could not take off the queue
};

}  // namespace asyncdemo
