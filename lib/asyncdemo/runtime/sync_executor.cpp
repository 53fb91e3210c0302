#include "asyncdemo/runtime/sync_executor.hpp"

namespace asyncdemo {

bool SyncExecutor::wait(Timer& timer) {
  waited_ = true;
  if (observer() != nullptr) observer()->blocking(timer, clock_.now());
  if (!block_until(timer.deadline)) timer.cancelled = true;
  return false;
}

bool SyncExecutor::block_until(Duration until) {
  if (stop_reason() != StopReason::none) return false;
  about_to_idle();
  // Like the loops, a wait that would end at or after the deadline is cut short there.
  const bool cut = deadline_ && *deadline_ <= until;
  if (!clock_.block_until(cut ? *deadline_ : until)) return false;
  if (cut) cancel_run(StopReason::timeout);
  return !cut;
}

bool SyncExecutor::start_work(WorkItem& item) {
  item.queued = item.started = clock_.now();
  item.worker = 0;
  if (stop_reason() != StopReason::none) item.timer.cancelled = true;
  return false;
}

bool SyncExecutor::finish_work(WorkItem& item) {
  if (!block_until(item.started + item.duration)) item.timer.cancelled = true;
  item.finished = clock_.now();
  return false;
}

}  // namespace asyncdemo
