#pragma once

#include <cstdint>
#include <vector>

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Hands every event to every sink that reads its kind, in the order the events happen.
class Trace {
 public:
  void add_sink(TraceSink& sink) {
    sinks_.push_back({&sink, sink.reads()});
    reads_ |= sinks_.back().reads;
  }
  void remove_sink(TraceSink& sink) {
    std::erase_if(sinks_, [&sink](const Reader& reader) { return reader.sink == &sink; });
    reads_ = 0;
    for (const Reader& reader : sinks_) reads_ |= reader.reads;
  }
  // Whether any sink reads events of `kind`: an event that none reads need not be built, only
  // counted (count_unread). --quiet reads no start or end, so a million tasks skip two million
  // clock reads.
  bool reads(EventKind kind) const { return (reads_ & event_bit(kind)) != 0; }
  void record(const TraceEvent& event) {
    ++events_;
    const EventMask bit = event_bit(event.kind);
    if ((reads_ & bit) == 0) return;
    for (const Reader& reader : sinks_) {
      if ((reader.reads & bit) != 0) reader.sink->write(event);
    }
  }
  // An event that happened and that no sink reads (see reads()).
  void count_unread() { ++events_; }
  void flush() {
    for (const Reader& reader : sinks_) reader.sink->flush();
  }
  void finish() {
    for (const Reader& reader : sinks_) reader.sink->finish();
  }
  std::uint64_t events() const { return events_; }

 private:
  struct Reader {
    TraceSink* sink;
    EventMask reads;
  };
  std::vector<Reader> sinks_;
  EventMask reads_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace asyncdemo
