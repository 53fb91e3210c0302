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
  stored.body = event.body;
  stored.seconds = event.seconds;
  stored.late = event.late;
  stored.held = event.held;
  stored.waited = event.waited;
  stored.worker = event.worker;
  stored.status = event.status;
  stored.bytes = event.bytes;
  stored.reason = event.reason;
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
  event.body = body;
  event.seconds = seconds;
  event.late = late;
  event.held = held;
  event.waited = waited;
  event.worker = worker;
  event.status = status;
  event.bytes = bytes;
  event.reason = reason;
  if (kind == EventKind::run_start || kind == EventKind::run_end) event.run = &run;
  return event;
}

}  // namespace asyncdemo
