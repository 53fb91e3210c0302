#pragma once

namespace asyncdemo {

// Thrown at the await where a task stood when its run was stopped, like asyncio's
// CancelledError: it unwinds the coroutine stack so every step cleans up on the way out.
struct Cancelled {};

}  // namespace asyncdemo
