#include "asyncdemo/trace/lateness.hpp"

#include <algorithm>

namespace asyncdemo {

LatenessSummary LatenessSink::summarize() {
  if (lateness_.empty()) return {};
  const auto rank = [this](std::size_t percent) {
    // The smallest value that at least `percent` % of the wakes do not exceed.
    const std::size_t index = (lateness_.size() * percent + 99) / 100 - 1;
    std::nth_element(lateness_.begin(), lateness_.begin() + static_cast<std::ptrdiff_t>(index),
                     lateness_.end());
    return lateness_[index];
  };
  LatenessSummary summary;
  summary.p50 = rank(50);
  summary.p99 = rank(99);
  summary.max = *std::max_element(lateness_.begin(), lateness_.end());
  return summary;
}

}  // namespace asyncdemo
