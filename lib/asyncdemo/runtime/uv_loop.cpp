#include "asyncdemo/runtime/uv_loop.hpp"

#include <sys/timerfd.h>
#include <unistd.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace asyncdemo {
namespace {

void check(int status, const char* what) {
  if (status < 0) throw LoopError(std::string("libuv ") + what + ": " + uv_strerror(status));
}

// libuv's pool is one per process: it reads UV_THREADPOOL_SIZE (clamped to 1..1024, 4 when
// unset) once, when the first work is queued. 0 here means "not started yet".
std::size_t g_pool_size = 0;

std::size_t pool_size_from_environment() {
  const char* text = std::getenv("UV_THREADPOOL_SIZE");
  if (text == nullptr) return 4;
  const long n = std::atol(text);
  return n < 1 ? 1 : n > 1024 ? 1024 : static_cast<std::size_t>(n);
}

// Called on the loop's thread before each uv_queue_work.
void start_pool(std::size_t threads) {
  if (g_pool_size == 0) {
    if (threads != 0) ::setenv("UV_THREADPOOL_SIZE", std::to_string(threads).c_str(), 1);
    g_pool_size = pool_size_from_environment();
  } else if (threads != 0 && threads != g_pool_size) {
    throw LoopError("libuv's thread pool already runs " + std::to_string(g_pool_size) +
                    " threads and cannot be resized to " + std::to_string(threads));
  }
}

// Pool threads numbered from 1 in the order they first take a job, for the trace.
unsigned this_worker() {
  static std::atomic<unsigned> count{0};
  thread_local const unsigned number = ++count;
  return number;
}

// libuv counts whole milliseconds: round up, so that the wait for abandoned work never ends
// before its deadline.
std::uint64_t whole_ms_until(Duration remaining) {
  if (remaining <= Duration::zero()) return 0;
  return static_cast<std::uint64_t>((remaining.count() + 999'999) / 1'000'000);
}

// A timer that ends the loop's wait. libuv's UV_RUN_ONCE runs due timers before it polls, and
// then polls for as long as the timers left allow, forever when there are none: stopping the
// loop makes that poll return at once.
void end_wait(uv_timer_t* timer) {
  uv_stop(timer->loop);
}

}  // namespace

std::size_t thread_pool_size(std::size_t requested) {
  if (g_pool_size != 0) return g_pool_size;
  return requested != 0 ? std::min<std::size_t>(requested, 1024) : pool_size_from_environment();
}

void reserve_thread_pool(std::size_t threads) {
  start_pool(threads);
}

std::string_view libuv_version() {
  return uv_version_string();
}

struct UvLoop::Handles {
  uv_loop_t loop{};
  uv_poll_t deadline{};    // readable once the timerfd's deadline has passed
  uv_timer_t until{};      // wakes wait_for_abandoned_work in time
  uv_poll_t stop_watch{};  // readable once a stop is requested
  uv_async_t arrivals{};   // a pool thread started or finished a job
};

// One uv_queue_work request: what its coroutine waits on, and the entry that records that a
// thread took it. Fields a pool thread writes are read by the loop only after the arrivals'
// mutex hands them over.
struct UvLoop::Job final : WaitSource, Callback {
  uv_work_t request{};
  UvLoop* loop = nullptr;
  WorkItem* item = nullptr;  // null once the coroutine gave the job up
  Parked* waiter = nullptr;
  std::function<void(Duration, Duration, unsigned)> on_start;
  Duration duration{};
  Duration queued{};
  Duration started{};
  Duration finished{};
  unsigned worker = 0;
  bool abandoned = false;                   // given up while on a thread: counted in abandoned_
  bool libuv_done = false;                  // libuv handed it back
  bool start_queued = false;                // its start entry waits in the ready queue
  std::atomic<bool> start_reported{false};  // the thread that took it has said so

  void withdraw(Parked&) override {
    item = nullptr;
    waiter = nullptr;
    --loop->attached_;
    if (uv_cancel(reinterpret_cast<uv_req_t*>(&request)) != 0) {
      abandoned = true;  // already on a thread (or just done): it finishes there
      ++loop->abandoned_;
      // A job that started has its work_start, cancelled or not: the thread that took it
      // reports it within moments, so wait for that and queue it before the cancel.
      while (!start_reported.load(std::memory_order_acquire)) std::this_thread::yield();
      loop->core().take_arrivals();
    }
  }
  std::string waits_for(const Parked&) const override { return "its job on a pool thread"; }
  bool external() const override { return true; }
  void run(LoopCore&) override {
    start_queued = false;
    if (on_start) on_start(queued, started, worker);
    if (libuv_done) loop->release(*this);  // last: this frees the job
  }
};

// What pool threads report, in the order they report it.
class UvLoop::PoolArrivals final : public LoopCore::Arrivals {
 public:
  explicit PoolArrivals(UvLoop& loop) : loop_(loop) {}
  // On a pool thread.
  void report(Job& job, bool finished) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      reports_.emplace_back(&job, finished);
      pending_.store(true, std::memory_order_release);
    }
    uv_async_send(&loop_.uv_->arrivals);
  }
  bool pending() const override { return pending_.load(std::memory_order_acquire); }
  void deliver(LoopCore& core) override {
    std::vector<std::pair<Job*, bool>> reports;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      reports.swap(reports_);
      pending_.store(false, std::memory_order_relaxed);
    }
    for (auto [job, finished] : reports) {
      if (!finished) {
        --loop_.in_queue_;
        ++loop_.running_;
        job->start_queued = true;
        core.call_soon(*job);
        continue;
      }
      --loop_.running_;
      if (job->item == nullptr) continue;  // given up: the result is dropped
      job->item->started = job->started;
      job->item->finished = job->finished;
      job->item->worker = job->worker;
      Parked& waiter = *job->waiter;
      job->item = nullptr;
      job->waiter = nullptr;
      --loop_.attached_;
      core.fire(waiter);
    }
  }

 private:
  UvLoop& loop_;
  std::mutex mutex_;
  std::vector<std::pair<Job*, bool>> reports_;
  std::atomic<bool> pending_{false};
};

UvLoop::UvLoop(RealClock& clock, const StopSignal& stop, std::size_t threads)
    : EventLoop(stop, clock, std::chrono::microseconds(100)),
      clock_(clock),
      threads_(threads),
      uv_(std::make_unique<Handles>()),
      arrivals_(std::make_unique<PoolArrivals>(*this)) {
  core().set_arrivals(arrivals_.get());
  check(uv_loop_init(&uv_->loop), "loop init");
  uv_->loop.data = this;
  uv_timer_init(&uv_->loop, &uv_->until);
  timer_fd_ = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (timer_fd_ < 0) throw std::system_error(errno, std::generic_category(), "timerfd_create");
  check(uv_poll_init(&uv_->loop, &uv_->deadline, timer_fd_), "poll init");
  uv_->deadline.data = this;
  check(uv_poll_start(&uv_->deadline, UV_READABLE,
                      [](uv_poll_t* handle, int, int) {
                        // Read the expiry, or the timerfd stays readable and every wait ends.
                        auto& loop = *static_cast<UvLoop*>(handle->data);
                        std::uint64_t expirations = 0;
                        [[maybe_unused]] const ssize_t n =
                            ::read(loop.timer_fd_, &expirations, sizeof expirations);
                        loop.armed_for_.reset();
                      }),
        "poll start");
  check(uv_async_init(&uv_->loop, &uv_->arrivals, [](uv_async_t*) {}), "async init");
  check(uv_poll_init(&uv_->loop, &uv_->stop_watch, stop.fd()), "poll init");
  // The stop pipe stays readable: stop watching it once it woke the loop, or every later wait
  // would return at once. run_until notices the stop itself.
  check(uv_poll_start(&uv_->stop_watch, UV_READABLE,
                      [](uv_poll_t* handle, int, int) { uv_poll_stop(handle); }),
        "poll start");
}

UvLoop::~UvLoop() {
  // Coroutines still waiting for jobs are gone or going: nothing may resume them now.
  for (Job* job : jobs_) {
    job->item = nullptr;
    job->waiter = nullptr;
  }
  core().set_arrivals(nullptr);
  // Jobs still on a pool thread would signal the async handle or call back into this loop: let
  // them finish before any handle goes.
  while (in_flight_ > 0) uv_run(&uv_->loop, UV_RUN_ONCE);
  // Every handle must be closed, and its close callback run, before its memory goes away.
  uv_walk(
      &uv_->loop,
      [](uv_handle_t* handle, void*) {
        if (!uv_is_closing(handle)) uv_close(handle, nullptr);
      },
      nullptr);
  uv_run(&uv_->loop, UV_RUN_DEFAULT);
  uv_loop_close(&uv_->loop);
  ::close(timer_fd_);
  for (Job* job : jobs_) delete job;
}

std::size_t UvLoop::core_external() const {
  return const_cast<UvLoop*>(this)->core().external_waits();
}

PoolState UvLoop::pool() const {
  PoolState state;
  state.threads = thread_pool_size(threads_);
  state.busy = running_;
  state.queued = in_queue_;
  return state;
}

bool UvLoop::submit_work(WorkItem& item, Parked& waiter) {
  start_pool(threads_);
  auto owned = std::make_unique<Job>();
  Job& job = *owned;
  job.request.data = &job;
  job.loop = this;
  job.item = &item;
  job.waiter = &waiter;
  job.on_start = std::move(item.on_start);
  job.duration = item.duration;
  job.queued = item.queued = clock_.now();
  check(uv_queue_work(
            &uv_->loop, &job.request,
            [](uv_work_t* request) {
              // On a pool thread: report the start, then hold this thread as the work would.
              Job& job = *static_cast<Job*>(request->data);
              UvLoop& loop = *job.loop;
              job.started = loop.clock_.now();
              job.worker = this_worker();
              loop.arrivals_->report(job, false);
              job.start_reported.store(true, std::memory_order_release);
              // A stop request (Ctrl-C) cuts the work short, so that the program can exit at
              // once; a timeout or a failure does not: the thread finishes, the result is dropped.
              loop.clock_.block_this_thread_until(job.started + job.duration);
              job.finished = loop.clock_.now();
              loop.arrivals_->report(job, true);
            },
            [](uv_work_t* request, int) {
              Job& job = *static_cast<Job*>(request->data);
              job.loop->job_done(job);
            }),
        "queue work");
  owned.release();
  jobs_.insert(&job);
  ++in_flight_;
  ++in_queue_;
  ++attached_;
  waiter.source = &job;
  waiter.timed = false;
  if (!core().park(waiter)) job.withdraw(waiter);
  return true;
}

void UvLoop::job_done(Job& job) {
  // Both reports of a job that ran were made before libuv hands it back: queue them now, while
  // the job is alive, so its start comes before its end.
  core().take_arrivals();
  if (job.worker == 0) --in_queue_;  // taken off the queue by uv_cancel: it never ran
  --in_flight_;
  if (job.abandoned) --abandoned_;
  job.libuv_done = true;
  if (!job.start_queued) release(job);
}

void UvLoop::release(Job& job) {
  jobs_.erase(&job);
  delete &job;
}

void UvLoop::arm_deadline(std::optional<Duration> deadline) {
  if (deadline == armed_for_) return;  // one timerfd_settime per new deadline, not per wait
  itimerspec when{};                   // all zero disarms it
  if (deadline) when.it_value = clock_.monotonic(*deadline);
  if (::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &when, nullptr) != 0) {
    throw std::system_error(errno, std::generic_category(), "timerfd_settime");
  }
  armed_for_ = deadline;
}

void UvLoop::wait_for_events(bool may_block) {
  const std::optional<Duration> wait = idle_wait();
  if (!may_block || (wait && *wait == Duration::zero())) {
    uv_run(&uv_->loop, UV_RUN_NOWAIT);
    return;
  }
  if (observer() != nullptr) observer()->idle(*this, wait);
  about_to_idle();
  // The next deadline itself, to the nanosecond, on the kernel's precise timer (a timerfd
  // watched by libuv), rather than a libuv timer, which counts whole milliseconds of a cached
  // clock and would wake each sleeper up to 2 ms late.
  arm_deadline(core().has_timers() ? std::optional<Duration>(core().next_due()) : std::nullopt);
  uv_run(&uv_->loop, UV_RUN_ONCE);
}

void UvLoop::wait_for_abandoned_work(Duration until) {
  if (until != Duration::max() && abandoned_ > 0) {
    uv_update_time(&uv_->loop);
    uv_timer_start(&uv_->until, &end_wait, whole_ms_until(until - clock_.now()), 0);
  }
  while (abandoned_ > 0 && clock_.now() < until) {
    uv_run(&uv_->loop, UV_RUN_ONCE);
    core().take_arrivals();
  }
  uv_timer_stop(&uv_->until);
}

Task UvLoop::run(Task operation, Parked&) {
  co_await std::move(operation);
}

uv_loop_s* UvLoop::native_loop() {
  return &uv_->loop;
}

void UvLoop::before_pool_use() {
  start_pool(threads_);
}

}  // namespace asyncdemo
