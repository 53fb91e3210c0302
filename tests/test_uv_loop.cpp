// Real-time tests of the libuv loop. They sleep for real, so they stay short, check lower
// bounds strictly (no coroutine may wake before its deadline) and upper bounds generously (a
// loaded 2-core machine may be slow, never early).
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "asyncdemo/core/task.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "support/cancel_at.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;
using testing::CancelAt;

namespace {

struct WakeRecord {
  int id;
  Duration deadline;
  Duration woke;
};

Task sleeper(UvLoop& loop, Parked& waiter, int id, Duration duration,
             std::vector<WakeRecord>& wakes, int& unfinished) {
  waiter.timed = true;
  waiter.deadline = loop.clock().now() + duration;
  co_await Park(loop, waiter);
  wakes.push_back({id, waiter.deadline, loop.clock().now()});
  --unfinished;
}

// Parks until the job is done; throws Cancelled if it was cancelled meanwhile.
class AwaitJob {
 public:
  AwaitJob(EventLoop& loop, WorkItem& item, Parked& waiter)
      : loop_(loop), item_(item), waiter_(waiter) {}
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> handle) {
    waiter_.waiter = handle;
    return loop_.submit_work(item_, waiter_);
  }
  void await_resume() const {
    if (waiter_.cancelled()) throw Cancelled{};
  }

 private:
  EventLoop& loop_;
  WorkItem& item_;
  Parked& waiter_;
};

struct Job {
  ParkedCoroutine waiter;
  WorkItem item;
  bool started = false;
  bool cancelled = false;
};

Task pool_job(UvLoop& loop, Job& job, int& unfinished) {
  job.item.on_start = [&job](Duration, Duration, unsigned) { job.started = true; };
  try {
    co_await AwaitJob(loop, job.item, job.waiter);
  } catch (const Cancelled&) {
    job.cancelled = true;
  }
  --unfinished;
}

std::vector<Parked*> waiters_of(std::vector<Job>& jobs) {
  std::vector<Parked*> waiters;
  for (Job& job : jobs) waiters.push_back(&job.waiter);
  return waiters;
}

}  // namespace

TEST_CASE("UvLoop wakes each coroutine at or after its deadline, shortest first") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  std::vector<WakeRecord> wakes;
  int unfinished = 3;
  std::vector<ParkedCoroutine> waiters(3);
  std::vector<Task> tasks;
  tasks.push_back(sleeper(loop, waiters[0], 1, 60ms, wakes, unfinished));
  tasks.push_back(sleeper(loop, waiters[1], 2, 20ms, wakes, unfinished));
  tasks.push_back(sleeper(loop, waiters[2], 3, 40ms, wakes, unfinished));
  for (Task& task : tasks) task.start();
  CHECK(loop.run_until([&] { return unfinished == 0; }) == EventLoop::Outcome::finished);
  REQUIRE(wakes.size() == 3);
  CHECK(wakes[0].id == 2);
  CHECK(wakes[1].id == 3);
  CHECK(wakes[2].id == 1);
  for (const WakeRecord& wake : wakes) {
    CHECK(wake.woke >= wake.deadline);
    CHECK(wake.woke - wake.deadline < 2s);
  }
  // Concurrent: the run lasts about the longest sleep, not the sum (120 ms).
  CHECK(clock.now() >= 60ms);
}

TEST_CASE("UvLoop queues its owner's stop handler when a stop is requested") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  int cancelled = 0;
  int unfinished = 2;
  std::vector<ParkedCoroutine> waiters(2);
  const auto long_sleeper = [&](Parked& waiter) -> Task {
    try {
      waiter.timed = true;
      waiter.deadline = clock.now() + 60s;
      co_await Park(loop, waiter);
    } catch (const Cancelled&) {
      ++cancelled;
    }
    --unfinished;
  };
  Task a = long_sleeper(waiters[0]);
  Task b = long_sleeper(waiters[1]);
  a.start();
  b.start();
  CancelAt on_stop({&waiters[0], &waiters[1]});
  loop.set_stop_handler(&on_stop);
  std::thread ctrl_c([&stop] {
    std::this_thread::sleep_for(20ms);
    stop.request(StopReason::interrupt);
  });
  loop.run_until([&] { return unfinished == 0; });
  ctrl_c.join();
  CHECK(on_stop.ran);
  CHECK(cancelled == 2);
  CHECK(clock.now() < 30s);
}

TEST_CASE("UvLoop reports coroutines that wait for nothing that can come as stuck") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine waiter;
  int done = 0;
  const auto forever = [&]() -> Task {
    waiter.timed = false;  // and no source: nothing will ever wake it
    try {
      co_await Park(loop, waiter);
    } catch (const Cancelled&) {
    }
    ++done;
  };
  Task task = forever();
  task.start();
  CHECK(loop.run_until([&] { return done == 1; }) == EventLoop::Outcome::stuck);
  std::vector<Parked*> stuck{&waiter};
  loop.cancel(stuck);
  CHECK(loop.run_until([&] { return done == 1; }) == EventLoop::Outcome::finished);
}

TEST_CASE("RealClock blocks at least until the deadline and a stop cuts it short") {
  StopSignal stop;
  RealClock clock(stop);
  CHECK(clock.block_until(30ms));
  CHECK(clock.now() >= 30ms);
  stop.request(StopReason::terminate);
  CHECK_FALSE(clock.block_until(clock.now() + 60s));
  CHECK(clock.now() < 30s);
}

TEST_CASE("UvLoop runs pool work while other coroutines sleep, and batches jobs beyond the pool") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop, 2);
  std::vector<Job> jobs(4);
  int unfinished = 5;
  std::vector<Task> tasks;
  for (Job& job : jobs) {
    job.item.duration = 100ms;
    tasks.push_back(pool_job(loop, job, unfinished));
  }
  std::vector<WakeRecord> wakes;
  ParkedCoroutine sleeping;
  tasks.push_back(sleeper(loop, sleeping, 9, 20ms, wakes, unfinished));
  for (Task& task : tasks) task.start();
  loop.run_until([&] { return unfinished == 0; });
  // The sleeper was not held up by the work: it woke long before the first job ended.
  REQUIRE(wakes.size() == 1);
  CHECK(wakes[0].woke - wakes[0].deadline < 80ms);
  for (const Job& job : jobs) {
    CHECK(job.started);
    CHECK_FALSE(job.cancelled);
    CHECK(job.item.finished - job.item.started >= 100ms);
    CHECK(job.item.worker >= 1);
    CHECK(job.item.worker <= 2);
  }
  // Two threads for four 100 ms jobs: the last two start only when the first two are done.
  CHECK(jobs[2].item.started >= std::min(jobs[0].item.finished, jobs[1].item.finished));
  CHECK(jobs[3].item.started >= std::max(jobs[0].item.finished, jobs[1].item.finished) - 100ms);
  CHECK(clock.now() >= 200ms);
  CHECK(clock.now() < 5s);
}

TEST_CASE("UvLoop gives up running and queued work at once when its coroutines are cancelled") {
  StopSignal stop;
  RealClock clock(stop);
  Duration cancelled_at{};
  {
    UvLoop loop(clock, stop, 2);
    std::vector<Job> jobs(4);
    int unfinished = 4;
    std::vector<Task> tasks;
    for (Job& job : jobs) {
      job.item.duration = 300ms;
      tasks.push_back(pool_job(loop, job, unfinished));
    }
    for (Task& task : tasks) task.start();
    CancelAt cancel(waiters_of(jobs));
    cancel.deadline = clock.now() + 50ms;
    loop.call_at(cancel);
    loop.run_until([&] { return unfinished == 0; });
    cancelled_at = clock.now();
    for (const Job& job : jobs) CHECK(job.cancelled);
    // The two running jobs had started, and said so before their coroutines were cancelled.
    CHECK(jobs[0].started);
    CHECK(jobs[1].started);
    CHECK(cancelled_at >= 50ms);
    CHECK(cancelled_at < 250ms);
    // The two queued jobs left the queue; the two running ones finish on their threads.
    CHECK(loop.abandoned_work() == 2);
    tasks.clear();  // the coroutine frames go before the threads are done with their jobs
    const Duration before = clock.now();
    loop.wait_for_abandoned_work(before + 20ms);  // a bounded wait gives up in time
    CHECK(loop.abandoned_work() == 2);
    CHECK(clock.now() - before >= 20ms);
    loop.wait_for_abandoned_work();
    CHECK(loop.abandoned_work() == 0);
    CHECK(clock.now() >= 300ms);
  }
}

TEST_CASE("UvLoop frees work still on a thread when it is destroyed right after a cancel") {
  StopSignal stop;
  RealClock clock(stop);
  {
    UvLoop loop(clock, stop, 2);
    std::vector<Job> jobs(1);
    jobs[0].item.duration = 100ms;
    int unfinished = 1;
    Task task = pool_job(loop, jobs[0], unfinished);
    task.start();
    CancelAt cancel(waiters_of(jobs));
    loop.call_soon(cancel);
    loop.run_until([&] { return unfinished == 0; });
    CHECK(jobs[0].cancelled);
  }  // ~UvLoop waits for the thread before closing its handles
  CHECK(clock.now() < 5s);
}

TEST_CASE("UvLoop reports many zero-length jobs, each start before its end") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop, 2);
  std::vector<Job> jobs(50);
  int unfinished = 50;
  std::vector<Task> tasks;
  for (Job& job : jobs) tasks.push_back(pool_job(loop, job, unfinished));
  for (Task& task : tasks) task.start();
  loop.run_until([&] { return unfinished == 0; });
  for (const Job& job : jobs) {
    CHECK(job.started);
    CHECK_FALSE(job.cancelled);
    CHECK(job.item.finished >= job.item.started);
  }
}

// Every test here sizes the pool at 2, so that they also pass when run in one process.
TEST_CASE("UvLoop's thread pool keeps the size it started with") {
  StopSignal stop;
  RealClock clock(stop);
  {
    UvLoop loop(clock, stop, 2);
    std::vector<Job> jobs(1);
    int unfinished = 1;
    Task task = pool_job(loop, jobs[0], unfinished);
    task.start();
    loop.run_until([&] { return unfinished == 0; });
  }
  CHECK(thread_pool_size(0) == 2);
  CHECK(thread_pool_size(8) == 2);
  UvLoop other(clock, stop, 8);
  std::vector<Job> jobs(1);
  int unfinished = 1;
  Task task = pool_job(other, jobs[0], unfinished);
  task.start();  // queueing fails: the error escapes the coroutine
  REQUIRE(task.done());
  CHECK_THROWS_AS(task.rethrow_if_failed(), LoopError);
}

TEST_CASE("UvLoop cancels pool work on a stop request, and the threads cut their work short") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop, 2);
  std::vector<Job> jobs(3);
  int unfinished = 3;
  std::vector<Task> tasks;
  for (Job& job : jobs) {
    job.item.duration = 30s;
    tasks.push_back(pool_job(loop, job, unfinished));
  }
  for (Task& task : tasks) task.start();
  CancelAt on_stop(waiters_of(jobs));
  loop.set_stop_handler(&on_stop);
  std::thread ctrl_c([&stop] {
    std::this_thread::sleep_for(50ms);
    stop.request(StopReason::interrupt);
  });
  loop.run_until([&] { return unfinished == 0; });
  ctrl_c.join();
  for (const Job& job : jobs) CHECK(job.cancelled);
  tasks.clear();
  loop.wait_for_abandoned_work();
  CHECK(clock.now() >= 50ms);
  CHECK(clock.now() < 10s);
}
