#pragma once

#include "asyncdemo/runtime/executor.hpp"

namespace asyncdemo {

// Synchronous execution: every wait blocks the thread, as time.sleep does, so a coroutine runs
// from start to finish without ever suspending and tasks can only run one after another.
class SyncExecutor final : public Executor {
 public:
  explicit SyncExecutor(Clock& clock) : clock_(clock) {}
  Mode mode() const override { return Mode::sync; }
  Clock& clock() override { return clock_; }
  bool wait(Timer& timer) override;
  // A blocked thread holds one waiting task at most.
  std::size_t peak_waiting() const override { return waited_ ? 1 : 0; }

 private:
  Clock& clock_;
  bool waited_ = false;
};

}  // namespace asyncdemo
