#include "asyncdemo/runtime/virtual_loop.hpp"

#include <algorithm>

namespace asyncdemo {

bool VirtualLoop::submit_work(WorkItem& item, Parked& waiter) {
  pool_.submit(core(), item, waiter);
  return true;
}

void VirtualLoop::wait_for_events(bool may_block) {
  if (!may_block) return;
  std::optional<Duration> next = pool_.next_event();
  if (core().has_timers()) next = next ? std::min(*next, core().next_due()) : core().next_due();
  if (!next) return;  // run_until saw that nothing can happen
  if (observer() != nullptr) {
    const Duration wait = *next - clock_.now();
    observer()->idle(*this, wait < Duration::zero() ? Duration::zero() : wait);
  }
  clock_.advance_to(*next);
}

}  // namespace asyncdemo
