#include "asyncdemo/pictures/time_axis.hpp"

#include <vector>

namespace asyncdemo {
namespace {

// Steps a reader finds round: 1, 2 and 5 times a power of ten up to seconds, then minutes and
// hours on the clock's own divisions, then whole days.
std::vector<std::int64_t> round_steps() {
  std::vector<std::int64_t> steps;
  for (std::int64_t power = 1'000; power <= 10'000'000'000; power *= 10) {
    for (std::int64_t factor : {1, 2, 5}) steps.push_back(factor * power);
  }
  constexpr std::int64_t kMinute = 60'000'000'000;
  for (std::int64_t minutes : {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720}) {
    steps.push_back(minutes * kMinute);
  }
  for (std::int64_t days = 1; days <= 365 * 100; days *= 10) {
    for (std::int64_t factor : {1, 2, 5}) steps.push_back(factor * days * 24 * 60 * kMinute);
  }
  return steps;
}

}  // namespace

Duration tick_step(Duration total, double length, double gap) {
  if (total <= Duration::zero() || length <= 0) {
    return total > Duration::zero() ? total : Duration(1);
  }
  static const std::vector<std::int64_t> steps = round_steps();
  const double per_unit = static_cast<double>(total.count()) / length;  // ns per column or pixel
  for (std::int64_t step : steps) {
    if (static_cast<double>(step) / per_unit >= gap) return Duration(step);
  }
  return total;
}

}  // namespace asyncdemo
