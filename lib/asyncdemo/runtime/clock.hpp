#pragma once

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {

// The time a run lives in. Times are Durations since the run began.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Duration now() const = 0;
  // Holds the whole thread until `deadline`, as time.sleep does. Returns false if a stop
  // request cut the wait short.
  virtual bool block_until(Duration deadline) = 0;
};

}  // namespace asyncdemo
