#pragma once

#include <memory>
#include <optional>

#include "asyncdemo/runtime/executor.hpp"

namespace asyncdemo {

class RealClock;

// Synchronous execution: every wait blocks the thread, as time.sleep does, so a coroutine runs
// from start to finish without ever suspending and tasks can only run one after another. Work
// meant for a thread pool is a plain blocking call too, and a fetch blocks in a private loop.
//
// The run can be cut short: by the process stop signal (Ctrl-C, SIGTERM, a closed pipe), by its
// deadline (--timeout), which cuts the wait under way short there, or by cancel_run() (a failed
// task under --on-error cancel). Every later wait then returns at once, cancelled.
class SyncExecutor final : public Executor {
 public:
  // `real_clock`: the same clock when it is the real one, so that fetches can block on real
  // sockets; null on the virtual clock, which has none.
  SyncExecutor(Clock& clock, const StopSignal& stop, RealClock* real_clock = nullptr);
  ~SyncExecutor() override;
  Mode mode() const override { return Mode::sync; }
  Clock& clock() override { return clock_; }
  bool park(Parked& waiter) override;
  bool park_on(ParkingLot& lot, Parked& waiter, std::string_view why) override;
  std::size_t unpark(ParkingLot&, std::size_t) override { return 0; }  // nobody ever waits
  bool yield_now(Parked& waiter) override;
  bool block(const Parked& task, Duration until) override;
  bool submit_work(WorkItem& item, Parked& waiter) override;
  SocketAccess* sockets() override;
  // A blocked thread holds one waiting task at most.
  std::size_t peak_waiting() const override { return waited_ ? 1 : 0; }

  void set_deadline(Duration deadline) { deadline_ = deadline; }
  std::optional<Duration> deadline() const { return deadline_; }
  // The first reason wins.
  void cancel_run(StopReason reason) {
    if (run_reason_ == StopReason::none) run_reason_ = reason;
  }
  // Why this run is being cut short: cancel_run's reason, else the process stop's; none if not.
  StopReason stop_reason() const {
    return run_reason_ != StopReason::none ? run_reason_ : stop_.reason();
  }

 private:
  class BlockingSockets;
  // Blocks until `until` or the deadline, whichever comes first; false if cut short.
  bool block_until(Duration until);

  Clock& clock_;
  RealClock* real_clock_;
  std::optional<Duration> deadline_;
  StopReason run_reason_ = StopReason::none;
  bool waited_ = false;
  std::unique_ptr<BlockingSockets> sockets_;
};

}  // namespace asyncdemo
