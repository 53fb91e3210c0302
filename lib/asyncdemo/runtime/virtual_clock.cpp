#include "asyncdemo/runtime/virtual_clock.hpp"

namespace asyncdemo {

bool VirtualClock::block_until(Duration deadline) {
  if (stop_.requested()) return false;
  advance_to(deadline);
  return true;
}

void VirtualClock::advance_to(Duration t) {
  if (t > now_) now_ = t;
}

}  // namespace asyncdemo
