#include "asyncdemo/trace/time_axis.hpp"

namespace asyncdemo {

Duration tick_step(Duration total, double length, double gap) {
  if (total <= Duration::zero() || length <= 0)
    return total > Duration::zero() ? total : Duration(1);
  const double per_unit = static_cast<double>(total.count()) / length;  // ns per column or pixel
  for (std::int64_t power = 1'000; power <= kLongestDuration.count(); power *= 10) {
    for (std::int64_t factor : {1, 2, 5}) {
      const std::int64_t step = factor * power;
      if (static_cast<double>(step) / per_unit >= gap) return Duration(step);
    }
  }
  return total;
}

}  // namespace asyncdemo
