#pragma once

#include <cstddef>
#include <functional>

#include "asyncdemo/runtime/executor.hpp"

namespace asyncdemo {

// Asynchronous execution: waits suspend the coroutine and the loop resumes it when its timer is
// due. A stop request cancels every waiting coroutine at the await where it stands.
class EventLoop : public Executor {
 public:
  explicit EventLoop(const StopSignal& stop) : Executor(stop) {}
  Mode mode() const override { return Mode::async; }
  // Runs the loop until `finished()` is true.
  virtual void run_until(const std::function<bool()>& finished) = 0;
  // Jobs still running on a pool thread although their coroutine was cancelled: a thread cannot
  // be stopped, so it finishes the work and the result is dropped.
  virtual std::size_t abandoned_work() const { return 0; }
  // Waits until every abandoned job has finished on its thread, or until the clock reads
  // `until` if that comes first.
  virtual void wait_for_abandoned_work(Duration until = Duration::max()) { (void)until; }
};

}  // namespace asyncdemo
