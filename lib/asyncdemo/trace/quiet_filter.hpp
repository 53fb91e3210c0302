#pragma once

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// --quiet: passes on only run_start and run_end, so a run of a million tasks prints its summary
// and nothing else.
class QuietFilter final : public TraceSink {
 public:
  explicit QuietFilter(TraceSink& inner) : inner_(inner) {}
  void write(const TraceEvent& event) override { inner_.write(event); }
  EventMask reads() const override {
    return event_bit(EventKind::run_start) | event_bit(EventKind::run_end);
  }
  void finish() override { inner_.finish(); }
  void flush() override { inner_.flush(); }

 private:
  TraceSink& inner_;
};

}  // namespace asyncdemo
