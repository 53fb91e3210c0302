#pragma once

#include <string>

namespace asyncdemo {

// Thrown at the await where a task stood when it was cancelled, like asyncio's CancelledError:
// it unwinds the coroutine stack so every step cleans up on the way out.
struct Cancelled {
  // The step it was thrown in, when that is not the task's own step under way (a step inside a
  // group, `(...)*N`, fills it in as the exception leaves it); empty otherwise.
  std::string at;
};

// Thrown in sync mode where a task would wait for another task that cannot run meanwhile (one
// task at a time on one thread): the run stops there, reported as a deadlock.
struct Deadlocked {
  std::string waiting_for;  // what the task would wait for: "an item in queue jobs"
  std::string why;          // one sentence for the learner
  std::string at;           // as in Cancelled
};

}  // namespace asyncdemo
