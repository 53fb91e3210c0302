#include "asyncdemo/trace/stored_event.hpp"

namespace asyncdemo {

StoredEvent StoredEvent::copy(const TraceEvent& event) {
  StoredEvent stored;
  stored.kind = event.kind;
  stored.t = event.t;
  stored.mode = event.mode;
  stored.task = event.task;
  stored.text = event.text;
  stored.at = event.at;
  stored.seconds = event.seconds;
  stored.late = event.late;
  if (event.run != nullptr) stored.run = *event.run;
  return stored;
}

TraceEvent StoredEvent::view() const {
  TraceEvent event;
  event.kind = kind;
  event.t = t;
  event.mode = mode;
  event.task = task;
  event.text = text;
  event.at = at;
  event.seconds = seconds;
  event.late = late;
  if (kind == EventKind::run_start || kind == EventKind::run_end) event.run = &run;
  return event;
}

}  // namespace asyncdemo
