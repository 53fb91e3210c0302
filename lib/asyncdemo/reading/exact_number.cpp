#include "asyncdemo/reading/exact_number.hpp"

#include <algorithm>
#include <cstddef>

namespace asyncdemo {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

ExactNumber exact_number(std::string_view text, int decimals, std::uint64_t max, bool whole) {
  using Status = ExactNumber::Status;
  // -?digits(.digits)?([eE][+-]?digits)?, as JSON writes numbers.
  std::size_t pos = 0;
  const bool negative = pos < text.size() && text[pos] == '-';
  if (negative) ++pos;
  const std::size_t integer_begin = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  const std::string_view integer = text.substr(integer_begin, pos - integer_begin);
  std::string_view fraction;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t fraction_begin = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    fraction = text.substr(fraction_begin, pos - fraction_begin);
    if (fraction.empty()) return {Status::malformed};
  }
  if (integer.empty()) return {Status::malformed};
  std::int64_t exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    const bool exponent_negative = pos < text.size() && text[pos] == '-';
    if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
    const std::size_t exponent_begin = pos;
    // Saturates far beyond any digit count a line can hold, so that it cannot overflow.
    constexpr std::int64_t kFar = 1'000'000'000;
    while (pos < text.size() && is_digit(text[pos])) {
      exponent = std::min(kFar, exponent * 10 + (text[pos] - '0'));
      ++pos;
    }
    if (pos == exponent_begin) return {Status::malformed};
    if (exponent_negative) exponent = -exponent;
  }
  if (pos != text.size()) return {Status::malformed};

  // The digits d0 d1 ... of integer and fraction together; digit i is worth 10^(top - i) units.
  const std::size_t digits = integer.size() + fraction.size();
  const auto digit = [&](std::size_t i) {
    return i < integer.size() ? integer[i] - '0' : fraction[i - integer.size()] - '0';
  };
  const std::int64_t top = static_cast<std::int64_t>(integer.size()) - 1 + exponent + decimals;
  std::uint64_t value = 0;
  bool too_large = false;
  bool dropped = false;  // a nonzero digit below one unit
  for (std::size_t i = 0; i < digits; ++i) {
    const std::int64_t power = top - static_cast<std::int64_t>(i);
    const auto d = static_cast<std::uint64_t>(digit(i));
    if (power < 0) {
      dropped = dropped || d != 0;
      continue;
    }
    // Horner's rule over the digits worth a unit or more; the last of them is worth 10^power.
    too_large = too_large || __builtin_mul_overflow(value, 10, &value) ||
                __builtin_add_overflow(value, d, &value);
    const bool last_whole_digit = i + 1 == digits || power == 0;
    for (std::int64_t k = 0; last_whole_digit && k < power && !too_large && value != 0; ++k) {
      too_large = __builtin_mul_overflow(value, 10, &value);
    }
    if (last_whole_digit) {
      for (std::size_t j = i + 1; j < digits; ++j) dropped = dropped || digit(j) != 0;
      break;
    }
  }
  if (negative && (value != 0 || dropped)) return {Status::negative};
  if (too_large || value > max) return {Status::too_large};
  if (whole && dropped) return {Status::not_whole};
  return {Status::ok, value};
}

}  // namespace asyncdemo
