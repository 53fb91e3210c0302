#pragma once

#include <functional>

#include "asyncdemo/runtime/executor.hpp"

namespace asyncdemo {

// Asynchronous execution: waits suspend the coroutine and the loop resumes it when its timer is
// due. A stop request cancels every waiting coroutine at the await where it stands.
class EventLoop : public Executor {
 public:
  Mode mode() const override { return Mode::async; }
  // Runs the loop until `finished()` is true.
  virtual void run_until(const std::function<bool()>& finished) = 0;
};

}  // namespace asyncdemo
