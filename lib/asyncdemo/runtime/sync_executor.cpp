#include "asyncdemo/runtime/sync_executor.hpp"

namespace asyncdemo {

bool SyncExecutor::wait(Timer& timer) {
  waited_ = true;
  if (observer() != nullptr) observer()->blocking(timer, clock_.now());
  about_to_idle();
  if (!clock_.block_until(timer.deadline)) timer.cancelled = true;
  return false;
}

}  // namespace asyncdemo
