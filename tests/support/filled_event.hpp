#pragma once

#include <deque>
#include <string>

#include "asyncdemo/trace/event.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo::testing {

// An event of `kind` with every field the schema gives that kind set to a value of its own,
// none of them a default (texts that need escaping, seconds to the microsecond, counts from 2),
// so that a format or a copy that drops or mixes up a field shows it.
class FilledEvent {
 public:
  explicit FilledEvent(EventKind kind);
  FilledEvent(const FilledEvent&) = delete;
  FilledEvent& operator=(const FilledEvent&) = delete;

  const TraceEvent& event() const { return event_; }

 private:
  TraceEvent event_;
  RunFacts run_;
  std::deque<std::string> texts_;  // what the event's views point to
};

// Whether `a` and `b` carry the same value in `field`.
bool same_value(const Field& field, const TraceEvent& a, const TraceEvent& b);

}  // namespace asyncdemo::testing
