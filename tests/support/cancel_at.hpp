#pragma once

#include <vector>

#include "asyncdemo/runtime/event_loop.hpp"

namespace asyncdemo::testing {

// Cancels the waiters, in the order given, when it runs: at a deadline (call_at), or when a
// stop is requested (set_stop_handler).
class CancelAt final : public TimedCallback {
 public:
  explicit CancelAt(std::vector<Parked*> waiters) : waiters_(std::move(waiters)) {}
  void run(LoopCore& loop) override {
    ran = true;
    loop.cancel(waiters_);
  }
  bool ran = false;

 private:
  std::vector<Parked*> waiters_;
};

}  // namespace asyncdemo::testing
