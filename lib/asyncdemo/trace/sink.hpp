#pragma once

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// One way of showing the trace (text, JSON lines, ...). Each output format is one sink in a
// file of its own.
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void write(const TraceEvent& event) = 0;
  // The kinds of events this sink reads; no other kind reaches write(). Asked once, when the
  // sink joins a trace.
  virtual EventMask reads() const { return kEveryEvent; }
  // After the last run: summaries that need every run, closing brackets.
  virtual void finish() {}
  // Push buffered output out now: the program is about to wait.
  virtual void flush() {}
};

}  // namespace asyncdemo
