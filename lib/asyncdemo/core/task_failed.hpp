#pragma once

#include <string>

namespace asyncdemo {

// Thrown by a step to make its task fail, like an exception escaping a Python coroutine. It
// travels up the coroutine stack to the task's root, which records a `fail` event.
struct TaskFailed {
  std::string message;
};

}  // namespace asyncdemo
