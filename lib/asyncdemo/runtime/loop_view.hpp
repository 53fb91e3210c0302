#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/callback.hpp"

namespace asyncdemo {

// A thread pool at one moment: its threads, those busy, and jobs waiting for one.
struct PoolState {
  std::size_t threads = 0;
  std::size_t busy = 0;
  std::size_t queued = 0;
};

// What an event loop shows of itself to those who explain it (--explain) or report on it (a
// deadlock). Read-only: looking changes nothing.
class LoopView {
 public:
  virtual Duration now() const = 0;
  virtual bool virtual_time() const = 0;
  // How many turns the loop has begun.
  virtual std::uint64_t iteration() const = 0;
  // Entries waiting in the ready queue: resumptions, fired timers, callbacks.
  virtual std::size_t ready() const = 0;
  // Whose entries wait in the ready queue, first to run first: fills `labels` with the first
  // labels.size() of them (a task's name, "--timeout", or empty for an entry of nobody's) and
  // returns how many it filled.
  virtual std::size_t ready_labels(std::span<std::string_view> labels) const = 0;
  virtual std::size_t timers() const = 0;
  // The timer that comes out first, null when none waits.
  virtual const TimedCallback* next_timer() const = 0;
  // How many timers are due by `t` (overdue, when t is now).
  virtual std::size_t timers_due_by(Duration t) const = 0;
  // Coroutines waiting for a socket or a lookup.
  virtual std::size_t network_waits() const = 0;
  virtual PoolState pool() const = 0;

 protected:
  ~LoopView() = default;
};

}  // namespace asyncdemo
