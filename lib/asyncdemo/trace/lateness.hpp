#pragma once

#include <vector>

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

struct LatenessSummary {
  Duration p50{};
  Duration p99{};
  Duration max{};
};

// Collects how late every wake of a run was, for the run's summary.
class LatenessSink final : public TraceSink {
 public:
  void write(const TraceEvent& event) override {
    if (event.kind == EventKind::wake) lateness_.push_back(event.late);
  }
  // Nearest-rank percentiles; all zero when nothing woke.
  LatenessSummary summarize();

 private:
  std::vector<Duration> lateness_;
};

}  // namespace asyncdemo
