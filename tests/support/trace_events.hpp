#pragma once

#include <string_view>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo::testing {

// An event as the formats receive it, for tests to fill in further.
inline TraceEvent event_of(EventKind kind, Duration t, std::string_view task = {},
                           Mode mode = Mode::async) {
  TraceEvent event;
  event.kind = kind;
  event.t = t;
  event.mode = mode;
  event.task = task;
  return event;
}

}  // namespace asyncdemo::testing
