#include "asyncdemo/runtime/sync_executor.hpp"

#include <stdexcept>

#include "asyncdemo/runtime/parking_lot.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"

namespace asyncdemo {

// A fetch in sync mode: the thread blocks in a private libuv loop until the operation is done.
// The run's deadline and a stop request cancel it there, as they cut every other sync wait
// short.
class SyncExecutor::BlockingSockets final : public SocketAccess {
 public:
  BlockingSockets(SyncExecutor& executor, RealClock& clock)
      : executor_(executor), loop_(clock, executor.stop_signal()) {
    loop_.set_idle_hook([this] { executor_.before_idle(); });
  }
  UvLoop& loop() override { return loop_; }
  Task run(Task operation, Parked& waiter) override {
    if (executor_.stop_reason() != StopReason::none) throw Cancelled{};
    CancelWaiter at_deadline(waiter);
    CancelWaiter on_stop(waiter);
    if (executor_.deadline_) {
      at_deadline.deadline = *executor_.deadline_;
      loop_.call_at(at_deadline);
    }
    loop_.set_stop_handler(&on_stop);
    operation.start();  // runs until it first parks on loop_
    loop_.run_until([&operation] { return operation.done(); });
    loop_.set_stop_handler(nullptr);
    if (executor_.deadline_ && !at_deadline.ran) loop_.core().cancel_timer(at_deadline);
    if (at_deadline.ran) executor_.cancel_run(StopReason::timeout);
    operation.rethrow_if_failed();
    co_return;
  }

 private:
  struct CancelWaiter final : TimedCallback {
    explicit CancelWaiter(Parked& waiter) : waiter(&waiter) {}
    void run(LoopCore& loop) override {
      ran = true;
      loop.cancel({&waiter, 1});
    }
    Parked* waiter;
    bool ran = false;
  };

  SyncExecutor& executor_;
  UvLoop loop_;
};

SyncExecutor::SyncExecutor(Clock& clock, const StopSignal& stop, RealClock* real_clock)
    : Executor(stop), clock_(clock), real_clock_(real_clock) {}

SyncExecutor::~SyncExecutor() = default;

bool SyncExecutor::block_until(Duration until) {
  if (stop_reason() != StopReason::none) return false;
  about_to_idle();
  // Like the loops, a wait that would end at or after the deadline is cut short there.
  const bool cut = deadline_ && *deadline_ <= until;
  if (!clock_.block_until(cut ? *deadline_ : until)) return false;
  if (cut) cancel_run(StopReason::timeout);
  return !cut;
}

bool SyncExecutor::park(Parked& waiter) {
  if (!waiter.timed) {
    throw std::logic_error("sync mode cannot wait for anything but a deadline");
  }
  waited_ = true;
  if (observer() != nullptr)
    observer()->blocking(waiter.label(), "a sleep", clock_.now(), waiter.deadline, nullptr);
  waiter.wake = block_until(waiter.deadline) ? Wake::deadline : Wake::cancelled;
  return false;
}

bool SyncExecutor::park_on(ParkingLot& lot, Parked& waiter, std::string_view why) {
  // One task at a time on one thread: no other task can ever let it go.
  throw Deadlocked{lot.waits_for(waiter), std::string(why), {}};
}

bool SyncExecutor::yield_now(Parked& waiter) {
  // Nothing else can run: the task simply goes on, unless the run was stopped.
  waiter.wake = stop_reason() == StopReason::none ? Wake::woken : Wake::cancelled;
  return false;
}

bool SyncExecutor::block(const Parked& task, Duration until) {
  if (observer() != nullptr)
    observer()->blocking(task.label(), "a blocking call", clock().now(), until, nullptr);
  const bool whole = block_until(until);
  if (observer() != nullptr) observer()->unblocked(task.label(), nullptr);
  return whole;
}

bool SyncExecutor::submit_work(WorkItem& item, Parked& waiter) {
  item.queued = item.started = clock_.now();
  item.worker = 0;
  if (stop_reason() != StopReason::none) {
    waiter.wake = Wake::cancelled;
    return false;
  }
  if (item.on_start) item.on_start(item.queued, item.started, 0);
  waiter.wake = block_until(item.started + item.duration) ? Wake::woken : Wake::cancelled;
  item.finished = clock_.now();
  return false;
}

SocketAccess* SyncExecutor::sockets() {
  if (real_clock_ == nullptr) return nullptr;  // the virtual clock: real sockets need real time
  if (!sockets_) sockets_ = std::make_unique<BlockingSockets>(*this, *real_clock_);
  return sockets_.get();
}

}  // namespace asyncdemo
