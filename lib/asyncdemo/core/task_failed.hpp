#pragma once

#include <string>

namespace asyncdemo {

// Thrown by a step to make its task fail, like an exception escaping a Python coroutine. It
// travels up the coroutine stack to the task's root, which records a `fail` event.
struct TaskFailed {
  std::string message;
  // The step it was thrown in, when that is not the task's own step under way (see Cancelled).
  std::string at = {};
};

}  // namespace asyncdemo
