#pragma once

#include "asyncdemo/core/task.hpp"
#include "asyncdemo/runtime/parking.hpp"

namespace asyncdemo {

class UvLoop;

// What a step that talks to the network asks its context for: a libuv loop to open sockets on,
// and a way to wait for an operation there. On the real event loop it is the run's own loop and
// the operation is awaited like any other; in sync mode it is a private loop that the thread
// blocks in until the operation is done (a blocking fetch). The virtual clock has none.
class SocketAccess {
 public:
  virtual UvLoop& loop() = 0;
  // Runs `operation`, a coroutine that uses loop() and parks in `waiter`, to its end; rethrows
  // what it threw.
  virtual Task run(Task operation, Parked& waiter) = 0;

 protected:
  ~SocketAccess() = default;
};

}  // namespace asyncdemo
