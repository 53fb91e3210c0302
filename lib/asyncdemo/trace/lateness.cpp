#include "asyncdemo/trace/lateness.hpp"

#include <algorithm>
#include <vector>

namespace asyncdemo {

std::uint64_t& LatenessHistogram::counter(std::uint64_t microseconds) {
  const std::uint64_t index = microseconds / kBlockSize;
  if (last_block_ == nullptr || index != last_index_) {
    std::unique_ptr<std::uint64_t[]>& block = blocks_[index];
    if (!block) block = std::make_unique<std::uint64_t[]>(kBlockSize);  // all zero
    last_index_ = index;
    last_block_ = block.get();
  }
  return last_block_[microseconds % kBlockSize];
}

void LatenessHistogram::add(Duration late) {
  // A wake is never early; a negative value would be a clock fault, counted as on time.
  const std::int64_t ns = std::max<std::int64_t>(late.count(), 0);
  ++counter(static_cast<std::uint64_t>((ns + 500) / 1000));  // rounded as the trace prints it
  ++count_;
  max_ = std::max(max_, late);
}

LatenessSummary LatenessHistogram::summarize() const {
  if (count_ == 0) return {};
  std::vector<std::uint64_t> order;
  order.reserve(blocks_.size());
  for (const auto& entry : blocks_) order.push_back(entry.first);
  std::sort(order.begin(), order.end());
  // The smallest value that at least `percent` % of the wakes do not exceed.
  const auto rank = [this](std::uint64_t percent) { return (count_ * percent + 99) / 100; };
  const std::uint64_t p50_rank = rank(50);
  const std::uint64_t p99_rank = rank(99);
  LatenessSummary summary;
  summary.max = max_;
  std::uint64_t seen = 0;
  bool have_p50 = false;
  for (const std::uint64_t index : order) {
    const std::uint64_t* block = blocks_.at(index).get();
    for (std::uint64_t i = 0; i < kBlockSize; ++i) {
      if (block[i] == 0) continue;
      seen += block[i];
      const Duration value = std::min<Duration>(
          std::chrono::microseconds(static_cast<std::int64_t>(index * kBlockSize + i)), max_);
      if (!have_p50 && seen >= p50_rank) {
        summary.p50 = value;
        have_p50 = true;
      }
      if (seen >= p99_rank) {
        summary.p99 = value;
        return summary;
      }
    }
  }
  return summary;
}

}  // namespace asyncdemo
