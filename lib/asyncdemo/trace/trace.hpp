#pragma once

#include <cstdint>
#include <vector>

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Hands every event to every sink, in the order the events happen.
class Trace {
 public:
  void add_sink(TraceSink& sink) { sinks_.push_back(&sink); }
  void remove_sink(TraceSink& sink) { std::erase(sinks_, &sink); }
  void record(const TraceEvent& event) {
    ++events_;
    for (TraceSink* sink : sinks_) sink->write(event);
  }
  void flush() {
    for (TraceSink* sink : sinks_) sink->flush();
  }
  void finish() {
    for (TraceSink* sink : sinks_) sink->finish();
  }
  std::uint64_t events() const { return events_; }

 private:
  std::vector<TraceSink*> sinks_;
  std::uint64_t events_ = 0;
};

}  // namespace asyncdemo
