#pragma once

#include "asyncdemo/runtime/executor.hpp"

namespace asyncdemo {

// Synchronous execution: every wait blocks the thread, as time.sleep does, so a coroutine runs
// from start to finish without ever suspending and tasks can only run one after another. Work
// meant for a thread pool is a plain blocking call too. A deadline cuts the current wait short.
class SyncExecutor final : public Executor {
 public:
  SyncExecutor(Clock& clock, const StopSignal& stop) : Executor(stop), clock_(clock) {}
  Mode mode() const override { return Mode::sync; }
  Clock& clock() override { return clock_; }
  bool wait(Timer& timer) override;
  bool block_until(Duration deadline) override;
  bool start_work(WorkItem& item) override;
  bool finish_work(WorkItem& item) override;
  // A blocked thread holds one waiting task at most.
  std::size_t peak_waiting() const override { return waited_ ? 1 : 0; }

 private:
  Clock& clock_;
  bool waited_ = false;
};

}  // namespace asyncdemo
