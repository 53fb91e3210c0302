#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

struct LatenessSummary {
  Duration p50{};
  Duration p99{};
  Duration max{};
};

// Wake lateness counted in a histogram of whole microseconds, rather than kept wake by wake, so
// that a million wakes cost no memory of their own. A wake falls into the microsecond it rounds
// to, which is the one the trace prints ("0.109ms", 0.000109), so the percentiles print exactly
// as percentiles of the exact values would; the maximum is kept exact. Counters come in blocks
// of a few milliseconds, made when a wake first falls into one.
class LatenessHistogram {
 public:
  void add(Duration late);
  // Nearest-rank percentiles, to the microsecond; all zero when nothing woke.
  LatenessSummary summarize() const;
  std::uint64_t count() const { return count_; }

 private:
  static constexpr std::uint64_t kBlockSize = 2048;  // microseconds a block counts
  std::uint64_t& counter(std::uint64_t microseconds);

  std::unordered_map<std::uint64_t, std::unique_ptr<std::uint64_t[]>> blocks_;
  std::uint64_t last_index_ = 0;  // the block the last wake fell into: wakes come in runs
  std::uint64_t* last_block_ = nullptr;
  std::uint64_t count_ = 0;
  Duration max_{};
};

// Collects how late every wake of a run was, for the run's summary.
class LatenessSink final : public TraceSink {
 public:
  void write(const TraceEvent& event) override {
    if (event.kind == EventKind::wake) histogram_.add(event.late);
  }
  EventMask reads() const override { return event_bit(EventKind::wake); }
  LatenessSummary summarize() const { return histogram_.summarize(); }

 private:
  LatenessHistogram histogram_;
};

}  // namespace asyncdemo
