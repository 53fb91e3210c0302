#pragma once

#include <cstdint>
#include <string_view>

namespace asyncdemo {

// A JSON number, as its text ("1.5", "1e-3", "-0", "2E+2"), in whole units of 10^-decimals:
// 9 decimals turn seconds into nanoseconds, 0 reads a count. Integer arithmetic only, so that
// "0.1" is exactly 100000000 ns; digits below one unit are dropped, as parse_duration does,
// unless `whole` asks for them to be zero.
struct ExactNumber {
  enum class Status { ok, negative, not_whole, too_large, malformed };
  Status status = Status::malformed;
  std::uint64_t value = 0;
};
ExactNumber exact_number(std::string_view json_number, int decimals, std::uint64_t max, bool whole);

}  // namespace asyncdemo
