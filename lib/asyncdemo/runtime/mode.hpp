#pragma once

#include <string_view>

namespace asyncdemo {

// How tasks share the thread: one after another with blocking waits, or as coroutines on one
// event loop.
enum class Mode { sync, async };

// Which time the run lives in: the machine's monotonic clock, or a virtual clock that jumps
// straight to the next deadline.
enum class ClockKind { real, virtual_ };

constexpr std::string_view to_string(Mode mode) {
  return mode == Mode::sync ? "sync" : "async";
}
constexpr std::string_view to_string(ClockKind clock) {
  return clock == ClockKind::real ? "real" : "virtual";
}

}  // namespace asyncdemo
