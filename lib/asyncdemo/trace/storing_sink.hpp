#pragma once

#include <vector>

#include "asyncdemo/trace/sink.hpp"
#include "asyncdemo/trace/stored_event.hpp"

namespace asyncdemo {

// Keeps a copy of every event: for `asyncdemo check`, which compares a whole run with a
// program's, and for tests that feed pictures and readers the events of a real run.
class StoringSink final : public TraceSink {
 public:
  void write(const TraceEvent& event) override { events.push_back(StoredEvent::copy(event)); }
  std::vector<StoredEvent> events;
};

}  // namespace asyncdemo
