#pragma once

#include <string>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// A TraceEvent that owns its strings and run facts, for sinks that keep events until the end
// and for traces read back from a file.
struct StoredEvent {
  EventKind kind = EventKind::start;
  Duration t{};
  Mode mode = Mode::sync;
  std::string task;
  std::string text;
  std::string at;
  std::string body;
  Duration seconds{};
  Duration late{};
  Duration held{};
  Duration waited{};
  unsigned worker = 0;
  int status = 0;
  std::uint64_t bytes = 0;
  StopReason reason = StopReason::none;
  RunFacts run{};  // run_start and run_end only

  static StoredEvent copy(const TraceEvent& event);
  // A view of this event; valid while this StoredEvent lives and is not changed.
  TraceEvent view() const;
};

}  // namespace asyncdemo
