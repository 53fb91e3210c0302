#include "asyncdemo/runtime/virtual_pool.hpp"

#include <algorithm>

namespace asyncdemo {

// One job: what its coroutine waits on, and the entry that tells the loop a worker took it.
struct VirtualPool::Job final : WaitSource, Callback {
  VirtualPool* pool = nullptr;
  WorkItem* item = nullptr;  // null once the coroutine gave the job up
  Parked* waiter = nullptr;
  std::function<void(Duration, Duration, unsigned)> on_start;
  Duration duration{};
  Duration queued{};
  Duration started{};
  unsigned worker = 0;  // from 1; 0 while queued

  void withdraw(Parked&) override {
    item = nullptr;
    waiter = nullptr;
    // A queued job leaves the queue; a running one keeps its worker until it is done, as a
    // thread that cannot be stopped does.
    if (worker == 0) std::erase(pool->queue_, this);
  }
  std::string waits_for(const Parked&) const override {
    return worker == 0 ? "a pool thread to take its job" : "its job on a pool thread";
  }
  bool external() const override { return true; }
  void run(LoopCore&) override {
    if (on_start) on_start(queued, started, worker);
  }
};

VirtualPool::VirtualPool(Clock& clock, std::size_t threads)
    : clock_(clock), busy_(threads == 0 ? 1 : threads) {}

VirtualPool::~VirtualPool() = default;

void VirtualPool::submit(LoopCore& loop, WorkItem& item, Parked& waiter) {
  // Threads that finished while the loop was busy (a blocking call) are free by now.
  loop.take_arrivals();
  auto owned = std::make_unique<Job>();
  Job& job = *owned;
  jobs_.push_back(std::move(owned));
  job.pool = this;
  job.item = &item;
  job.waiter = &waiter;
  job.on_start = std::move(item.on_start);
  job.duration = item.duration;
  job.queued = item.queued = clock_.now();
  const auto idle = std::find(busy_.begin(), busy_.end(), nullptr);
  if (idle != busy_.end()) {
    start(loop, job, static_cast<std::size_t>(idle - busy_.begin()), job.queued);
  } else {
    queue_.push_back(&job);
  }
  waiter.source = &job;
  waiter.timed = false;
  if (!loop.park(waiter)) job.withdraw(waiter);
}

void VirtualPool::start(LoopCore&, Job& job, std::size_t worker, Duration at) {
  busy_[worker] = &job;
  job.worker = static_cast<unsigned>(worker) + 1;
  job.started = at;
  events_.emplace(std::pair{job.started, decided_++}, Event{&job, false});
  events_.emplace(std::pair{job.started + job.duration, decided_++}, Event{&job, true});
}

void VirtualPool::finish(LoopCore& loop, Job& job, Duration at) {
  busy_[job.worker - 1] = nullptr;
  if (job.item != nullptr) {
    job.item->started = job.started;
    job.item->finished = at;
    job.item->worker = job.worker;
    Parked& waiter = *job.waiter;
    job.item = nullptr;
    job.waiter = nullptr;
    loop.fire(waiter);
  }
  if (!queue_.empty()) {
    Job& next = *queue_.front();
    queue_.pop_front();
    start(loop, next, job.worker - 1, at);
  }
}

std::optional<Duration> VirtualPool::next_event() const {
  if (events_.empty()) return std::nullopt;
  return events_.begin()->first.first;
}

PoolState VirtualPool::state() const {
  PoolState state;
  state.threads = busy_.size();
  state.busy = static_cast<std::size_t>(
      std::count_if(busy_.begin(), busy_.end(), [](const Job* job) { return job != nullptr; }));
  state.queued = queue_.size();
  return state;
}

bool VirtualPool::pending() const {
  return !events_.empty() && events_.begin()->first.first <= clock_.now();
}

void VirtualPool::deliver(LoopCore& loop) {
  while (pending()) {
    const Duration at = events_.begin()->first.first;
    const Event event = events_.begin()->second;
    events_.erase(events_.begin());
    if (event.finish) {
      finish(loop, *event.job, at);
    } else {
      loop.call_soon(*event.job);
    }
  }
}

}  // namespace asyncdemo
