#pragma once

#include <string>
#include <vector>

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo::testing {

// Keeps a copy of each task event's numbers, for real-clock tests that check bounds rather than
// exact lines.
class EventLog final : public TraceSink {
 public:
  struct Entry {
    EventKind kind;
    Duration t;
    std::string task;
    Duration late;
    Duration held;
    Duration waited;
    unsigned worker;
    StopReason reason;
  };
  void write(const TraceEvent& event) override;
  // The entries of one kind, in order; with a task name, only that task's.
  std::vector<Entry> of(EventKind kind, const std::string& task = "") const;
  std::vector<Entry> entries;
};

}  // namespace asyncdemo::testing
