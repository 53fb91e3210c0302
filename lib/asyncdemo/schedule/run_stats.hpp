#pragma once

#include <functional>
#include <string_view>

#include "asyncdemo/trace/event.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Watches the events of one run for its summary: how long blocking calls held the thread, the
// longest wait for a pool thread, the failures. Like asyncio's debug
// mode, it warns when a blocking call held the event loop `slow` or longer.
class RunStats final : public TraceSink {
 public:
  RunStats(Duration slow, std::function<void(std::string_view)> warn)
      : slow_(slow), warn_(std::move(warn)) {}
  void write(const TraceEvent& event) override { note(event); }
  EventMask reads() const override {
    return event_bit(EventKind::unblock) | event_bit(EventKind::work_start) |
           event_bit(EventKind::fail);
  }
  // Copies what it saw into the run_end facts.
  void add_to(RunFacts& facts) const;

 private:
  void note(const TraceEvent& event);

  Duration slow_;
  std::function<void(std::string_view)> warn_;
  RunFacts seen_;
};

}  // namespace asyncdemo
