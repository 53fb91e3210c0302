#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "asyncdemo/trace/event.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {

// A TraceEvent that owns its strings and run facts, for sinks that keep events until the end
// and for traces read back from a file. Every member of TraceEvent is kept, whatever the
// schema says about it: the strings the schema's fields view are copied, the rest as it is.
class StoredEvent {
 public:
  static StoredEvent copy(const TraceEvent& event);
  // A view of this event; valid while this StoredEvent lives and is not changed.
  TraceEvent view() const;

 private:
  TraceEvent event_;     // its strings empty (their lengths in lengths_), its run facts in run_
  std::string strings_;  // the text of each of kTextMembers, one after another
  std::array<std::uint32_t, kTextMembers.size()> lengths_{};
  std::shared_ptr<const RunFacts> run_;  // run_start and run_end only
};

}  // namespace asyncdemo
