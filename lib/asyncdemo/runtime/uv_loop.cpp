#include "asyncdemo/runtime/uv_loop.hpp"

#include <uv.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

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

// libuv counts whole milliseconds: round up, so that a timer never fires before the moment it
// stands for (if the loop's cached time still lets it fire early, the callback finds nothing due
// and re-arms).
std::uint64_t whole_ms_until(Duration remaining) {
  if (remaining <= Duration::zero()) return 0;
  return static_cast<std::uint64_t>((remaining.count() + 999'999) / 1'000'000);
}

}  // namespace

std::size_t thread_pool_size(std::size_t requested) {
  if (g_pool_size != 0) return g_pool_size;
  return requested != 0 ? std::min<std::size_t>(requested, 1024) : pool_size_from_environment();
}

void reserve_thread_pool(std::size_t threads) {
  start_pool(threads);
}

struct UvLoop::Handles {
  uv_loop_t loop{};
  uv_timer_t timer{};          // armed for the earliest deadline in timers_
  uv_timer_t deadline{};       // armed for the run's deadline, if any
  uv_poll_t stop_watch{};      // readable once a stop is requested
  uv_prepare_t before_poll{};  // runs just before the loop blocks for I/O
  uv_async_t work_started{};   // a pool thread took a job: see report_started
  std::mutex started_mutex;    // guards `started`, which pool threads append to
  std::vector<Job*> started;
};

// One uv_queue_work request. Fields the pool thread writes are read by the loop only after a
// mutex hand-over (started_mutex, or libuv's own before after_work runs).
struct UvLoop::Job {
  uv_work_t request{};
  UvLoop* loop = nullptr;
  WorkItem* item = nullptr;  // null once the coroutine gave the job up
  Duration duration{};
  Duration started{};
  Duration finished{};
  unsigned worker = 0;
  bool abandoned = false;  // given up while on a thread: counted in abandoned_
};

UvLoop::UvLoop(RealClock& clock, const StopSignal& stop, std::size_t threads)
    : EventLoop(stop),
      clock_(clock),
      threads_(threads),
      timers_(std::chrono::milliseconds(1)),
      uv_(std::make_unique<Handles>()) {
  check(uv_loop_init(&uv_->loop), "loop init");
  uv_->loop.data = this;
  uv_timer_init(&uv_->loop, &uv_->timer);
  uv_->timer.data = this;
  uv_timer_init(&uv_->loop, &uv_->deadline);
  uv_->deadline.data = this;
  uv_prepare_init(&uv_->loop, &uv_->before_poll);
  uv_->before_poll.data = this;
  check(uv_prepare_start(&uv_->before_poll,
                         [](uv_prepare_t* handle) {
                           auto* self = static_cast<UvLoop*>(handle->data);
                           ++self->iterations_;  // prepare handles run once per loop iteration
                           if (self->observer() != nullptr) {
                             self->observer()->idle(self->clock_.now(), self->timers_,
                                                    self->io_waits_.size());
                           }
                           self->about_to_idle();
                         }),
        "prepare start");
  check(uv_async_init(
            &uv_->loop, &uv_->work_started,
            [](uv_async_t* handle) { static_cast<UvLoop*>(handle->data)->report_started(); }),
        "async init");
  uv_->work_started.data = this;
  check(uv_poll_init(&uv_->loop, &uv_->stop_watch, stop.fd()), "poll init");
  uv_->stop_watch.data = this;
  check(uv_poll_start(&uv_->stop_watch, UV_READABLE,
                      [](uv_poll_t* handle, int, int) {
                        uv_poll_stop(handle);
                        static_cast<UvLoop*>(handle->data)->cancel_everything();
                      }),
        "poll start");
}

UvLoop::~UvLoop() {
  // Jobs still on a pool thread would signal work_started or call back into this loop: let
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
}

bool UvLoop::wait(Timer& timer) {
  timers_.push(timer);
  if (observer() != nullptr) observer()->suspended(timer, timers_);
  // Re-arm only when this timer became the earliest: one libuv timer serves them all.
  if (!dispatching_ && (!armed_ || timers_.next_due() < armed_for_)) arm_timer();
  return true;
}

bool UvLoop::start_work(WorkItem& item) {
  start_pool(threads_);
  auto job = std::make_unique<Job>();
  job->request.data = job.get();
  job->loop = this;
  job->item = &item;
  job->duration = item.duration;
  item.queued = clock_.now();
  check(uv_queue_work(
            &uv_->loop, &job->request,
            [](uv_work_t* request) {
              // On a pool thread: tell the loop, then hold this thread as the work would.
              Job& job = *static_cast<Job*>(request->data);
              UvLoop& loop = *job.loop;
              job.started = loop.clock_.now();
              job.worker = this_worker();
              {
                std::lock_guard<std::mutex> lock(loop.uv_->started_mutex);
                loop.uv_->started.push_back(&job);
              }
              uv_async_send(&loop.uv_->work_started);
              // A stop request (Ctrl-C) cuts the work short, so that the program can exit at
              // once; a timeout or a failure does not: the thread finishes, the result is dropped.
              loop.clock_.block_this_thread_until(job.started + job.duration);
              job.finished = loop.clock_.now();
            },
            [](uv_work_t* request, int status) {
              Job* job = static_cast<Job*>(request->data);
              job->loop->work_done(job, status == UV_ECANCELED);
            }),
        "queue work");
  item.job = job.get();
  attached_.push_back(job.release());
  ++in_flight_;
  return true;
}

bool UvLoop::finish_work(WorkItem&) {
  return true;  // work_done resumes it
}

void UvLoop::report_started() {
  std::vector<Job*> started;
  {
    std::lock_guard<std::mutex> lock(uv_->started_mutex);
    started.swap(uv_->started);
  }
  for (Job* job : started) {
    WorkItem* item = job->item;
    if (item == nullptr) continue;  // given up: the coroutine is gone or going
    item->started = job->started;
    item->worker = job->worker;
    item->timer.waiter.resume();
  }
}

void UvLoop::work_done(Job* job, bool cancelled) {
  // libuv may hand the job back before our async callback has reported its start: report it
  // first, while the job is still alive, so the coroutine sees its start before its end.
  report_started();
  --in_flight_;
  if (job->abandoned) --abandoned_;
  WorkItem* item = job->item;
  if (item != nullptr) {
    attached_.erase(std::find(attached_.begin(), attached_.end(), job));
    item->job = nullptr;
    item->finished = job->finished;
    if (cancelled) item->timer.cancelled = true;  // not expected: only given-up jobs are cancelled
  }
  delete job;
  // Resumed last: the coroutine may run to its end and free the frame that holds `item`.
  if (item != nullptr) item->timer.waiter.resume();
}

void UvLoop::wait_for_abandoned_work(Duration until) {
  if (until != Duration::max() && abandoned_ > 0) {
    // The run is over, so its deadline timer is free: it now only wakes this wait in time.
    const Duration remaining = until - clock_.now();
    uv_update_time(&uv_->loop);
    uv_timer_start(
        &uv_->deadline, [](uv_timer_t*) {},
        remaining <= Duration::zero()
            ? 0
            : static_cast<std::uint64_t>((remaining.count() + 999'999) / 1'000'000),
        0);
  }
  while (abandoned_ > 0 && clock_.now() < until) uv_run(&uv_->loop, UV_RUN_ONCE);
  uv_timer_stop(&uv_->deadline);
}

void UvLoop::set_deadline(Duration deadline) {
  EventLoop::set_deadline(deadline);
  arm_deadline();
}

void UvLoop::arm_deadline() {
  const std::uint64_t ms = whole_ms_until(*deadline_ - clock_.now());
  uv_update_time(&uv_->loop);
  uv_timer_start(
      &uv_->deadline,
      [](uv_timer_t* handle) {
        UvLoop& loop = *static_cast<UvLoop*>(handle->data);
        if (loop.clock_.now() < *loop.deadline_) return loop.arm_deadline();
        loop.cancel_run(StopReason::timeout);
        loop.cancel_everything();
      },
      ms, 0);
}

void UvLoop::cancel_run(StopReason reason) {
  EventLoop::cancel_run(reason);
  // Called from inside a coroutine: leave uv_run soon, so run_until carries the cancel out.
  uv_stop(&uv_->loop);
}

void UvLoop::run_until(const std::function<bool()>& finished) {
  while (!finished()) {
    if (run_reason_ != StopReason::none) {
      cancel_everything();
      if (!finished()) throw LoopError("tasks kept waiting after they were cancelled");
      return;
    }
    const int alive = uv_run(&uv_->loop, UV_RUN_ONCE);
    if (alive == 0 && !finished())
      throw LoopError("tasks wait but the loop has nothing to wake them");
  }
}

void UvLoop::resume_due() {
  dispatching_ = true;
  // One snapshot of the clock per batch: a coroutine that sleeps 0 while we dispatch goes to
  // the next loop iteration instead of starving I/O and the other timers. Once a cancel is
  // asked for, the rest of the batch is cancelled rather than resumed.
  const Duration now = clock_.now();
  while (!timers_.empty() && timers_.next_due() <= now && run_reason_ == StopReason::none) {
    Timer& due = timers_.pop();
    if (observer() != nullptr) observer()->resuming(due, now, timers_);
    due.waiter.resume();
  }
  dispatching_ = false;
  arm_timer();
}

void UvLoop::arm_timer() {
  if (timers_.empty()) {
    uv_timer_stop(&uv_->timer);
    armed_ = false;
    return;
  }
  armed_for_ = timers_.next_due();
  armed_ = true;
  const std::uint64_t ms = whole_ms_until(armed_for_ - clock_.now());
  uv_update_time(&uv_->loop);
  uv_timer_start(
      &uv_->timer, [](uv_timer_t* handle) { static_cast<UvLoop*>(handle->data)->resume_due(); }, ms,
      0);
}

uv_loop_s* UvLoop::native_loop() {
  return &uv_->loop;
}

void UvLoop::before_pool_use() {
  start_pool(threads_);
}

void UvLoop::cancel_everything() {
  dispatching_ = true;
  timers_.cancel_all();
  // Coroutines waiting for I/O: each closes its handles as it unwinds (see uv_net.cpp).
  std::unordered_set<Timer*> io_waits;
  io_waits.swap(io_waits_);
  for (Timer* timer : io_waits) {
    timer->cancelled = true;
    timer->waiter.resume();
  }
  // Give every job up: a queued one leaves the queue (libuv still calls after-work, with
  // UV_ECANCELED); a running one cannot be stopped and finishes on its thread. Both are freed in
  // work_done, never here: the pool thread or libuv may still hold them.
  std::vector<Job*> jobs;
  jobs.swap(attached_);
  for (Job* job : jobs) {
    if (uv_cancel(reinterpret_cast<uv_req_t*>(&job->request)) != 0) {
      job->abandoned = true;  // already on a thread (or just done): it will finish there
      ++abandoned_;
    }
    WorkItem& item = *job->item;
    job->item = nullptr;
    item.job = nullptr;
    item.timer.cancelled = true;
    item.timer.waiter.resume();
  }
  dispatching_ = false;
  arm_timer();
}

}  // namespace asyncdemo
