#include "support/event_log.hpp"

namespace asyncdemo::testing {

void EventLog::write(const TraceEvent& event) {
  entries.push_back(Entry{event.kind, event.t, std::string(event.task), event.late, event.held,
                          event.waited, event.worker, event.reason});
}

std::vector<EventLog::Entry> EventLog::of(EventKind kind, const std::string& task) const {
  std::vector<Entry> kept;
  for (const Entry& entry : entries) {
    if (entry.kind == kind && (task.empty() || entry.task == task)) kept.push_back(entry);
  }
  return kept;
}

}  // namespace asyncdemo::testing
