#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "asyncdemo/runtime/executor.hpp"
#include "asyncdemo/runtime/loop_core.hpp"
#include "asyncdemo/runtime/loop_view.hpp"

namespace asyncdemo {

// A thread pool in virtual time: `threads` workers taking jobs first in, first out, as libuv's
// pool (and Python's ThreadPoolExecutor) does. A job starts on the lowest-numbered idle worker
// the moment it is submitted, or when a worker frees up; each start and each finish joins the
// loop's ready queue at the virtual moment it happens, as a real thread's callback does (see
// LoopCore::Arrivals). At equal times, events come in the order they were decided: a worker
// finishes a job, then takes the next.
class VirtualPool final : public LoopCore::Arrivals {
 public:
  VirtualPool(Clock& clock, std::size_t threads);
  ~VirtualPool();
  VirtualPool(const VirtualPool&) = delete;
  VirtualPool& operator=(const VirtualPool&) = delete;

  // Queues the job and parks `waiter` on it.
  void submit(LoopCore& loop, WorkItem& item, Parked& waiter);
  // When the next start or finish happens; none when nothing is running.
  std::optional<Duration> next_event() const;
  PoolState state() const;

  bool pending() const override;
  void deliver(LoopCore& loop) override;

 private:
  struct Job;
  struct Event {
    Job* job;
    bool finish;
  };
  void start(LoopCore& loop, Job& job, std::size_t worker, Duration at);
  void finish(LoopCore& loop, Job& job, Duration at);

  Clock& clock_;
  std::vector<Job*> busy_;  // per worker: the job it runs, or null
  std::deque<Job*> queue_;  // jobs waiting for a worker
  // Starts and finishes still to happen, by (time, order decided).
  std::map<std::pair<Duration, std::uint64_t>, Event> events_;
  std::uint64_t decided_ = 0;
  std::vector<std::unique_ptr<Job>> jobs_;  // every job of the run, freed with the pool
};

}  // namespace asyncdemo
