#include "asyncdemo/core/duration.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

namespace asyncdemo {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t nanoseconds;
};

constexpr std::array<Unit, 5> kUnits{{
    {"us", 1'000},
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"m", 60'000'000'000},
    {"h", 3'600'000'000'000},
}};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

Error duration_error(std::string problem) {
  return Error{"", std::move(problem), std::string(kDurationForm)};
}

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
  const std::string quoted = fmt::format("'{}'", text);
  if (text.empty()) return duration_error("empty duration");
  if (text.front() == '-') return duration_error("negative duration " + quoted);

  std::size_t pos = 0;
  const std::size_t integer_begin = pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  const std::string_view integer = text.substr(integer_begin, pos - integer_begin);
  std::string_view fraction;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t fraction_begin = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    fraction = text.substr(fraction_begin, pos - fraction_begin);
  }
  if (integer.empty() && fraction.empty()) {
    return duration_error(quoted + " is not a duration");
  }

  const std::string_view suffix = text.substr(pos);
  std::int64_t unit_ns = 1'000'000'000;  // a bare number is seconds, as in asyncio.sleep
  if (!suffix.empty()) {
    bool known = false;
    for (const Unit& unit : kUnits) {
      if (suffix == unit.suffix) {
        unit_ns = unit.nanoseconds;
        known = true;
      }
    }
    if (!known) {
      const bool looks_numeric = is_digit(suffix.front()) || suffix.front() == '.' ||
                                 suffix.front() == 'e' || suffix.front() == 'E';
      return duration_error(looks_numeric
                                ? quoted + " is not a duration"
                                : "unknown unit '" + std::string(suffix) + "' in " + quoted);
    }
  }

  // Exact integer arithmetic, so "0.1s" is exactly 100000000 ns, never 99999999. Digits past
  // the ninth decimal are dropped: they are below a nanosecond except in hours.
  const std::uint64_t limit = static_cast<std::uint64_t>(kLongestDuration.count());
  const auto unit = static_cast<std::uint64_t>(unit_ns);
  std::uint64_t whole = 0;
  bool too_long = false;
  for (char c : integer) {
    whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
    if (whole > limit) {
      too_long = true;  // stop before the digits overflow 64 bits
      break;
    }
  }
  std::uint64_t total = 0;
  too_long = too_long || __builtin_mul_overflow(whole, unit, &total);
  // numerator / 10^digits of a unit, split so no product leaves 64 bits: with
  // unit = q * 10^digits + r, the fraction is numerator * q + numerator * r / 10^digits.
  std::uint64_t numerator = 0;
  std::uint64_t scale = 1;
  for (std::size_t i = 0; i < fraction.size() && i < 9; ++i) {
    numerator = numerator * 10 + static_cast<std::uint64_t>(fraction[i] - '0');
    scale *= 10;
  }
  total += numerator * (unit / scale) + numerator * (unit % scale) / scale;
  if (too_long || total > limit) {
    return duration_error("duration " + quoted + " is too long (the longest is 100 years, " +
                          std::to_string(kLongestDuration.count() / 3'600'000'000'000) + "h)");
  }
  return Duration(static_cast<std::int64_t>(total));
}

std::string format_duration(Duration d) {
  const std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  // Pick the largest unit in which the value is at least 1, then print up to three decimals.
  const Unit* unit = &kUnits.front();
  for (const Unit& candidate : kUnits) {
    if (ns >= candidate.nanoseconds) unit = &candidate;
  }
  if (ns < kUnits.front().nanoseconds) return fmt::format("{}ns", ns);
  const std::int64_t whole = ns / unit->nanoseconds;
  const std::int64_t thousandths =
      (ns % unit->nanoseconds) * 1000 / unit->nanoseconds;  // truncated, never rounds up to 1000
  if (thousandths == 0) return fmt::format("{}{}", whole, unit->suffix);
  std::string decimals = fmt::format("{:03}", thousandths);
  while (decimals.back() == '0') decimals.pop_back();
  return fmt::format("{}.{}{}", whole, decimals, unit->suffix);
}

void append_seconds(std::string& out, Duration d, int decimals) {
  // Integer arithmetic only, so that output never depends on floating-point printing; and no
  // format strings, since a traced run writes millions of these.
  std::int64_t step = 1;
  for (int i = decimals; i < 9; ++i) step *= 10;
  const std::int64_t ns = d.count();
  const bool negative = ns < 0;
  const std::int64_t magnitude = negative ? -ns : ns;
  const std::int64_t units = (magnitude + step / 2) / step;
  const std::int64_t per_second = 1'000'000'000 / step;
  if (negative) out += '-';
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, units / per_second);
  out.append(digits, end);
  if (decimals <= 0) return;
  out += '.';
  std::int64_t fraction = units % per_second;
  char fraction_digits[9];
  for (int i = decimals - 1; i >= 0; --i) {
    fraction_digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  out.append(fraction_digits, static_cast<std::size_t>(decimals));
}

char* write_seconds(char* out, Duration d) {
  // The pairs "00" to "99": two digits a step.
  static constexpr auto kPairs = [] {
    std::array<char, 200> pairs{};
    for (int i = 0; i < 100; ++i) {
      pairs[2 * i] = static_cast<char>('0' + i / 10);
      pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
    return pairs;
  }();
  const std::int64_t ns = d.count();
  // Unsigned, so that the most negative Duration has a magnitude too.
  const std::uint64_t magnitude =
      ns < 0 ? ~static_cast<std::uint64_t>(ns) + 1 : static_cast<std::uint64_t>(ns);
  const std::uint64_t micros = (magnitude + 500) / 1000;  // rounded half up, as append_seconds
  if (ns < 0) *out++ = '-';
  const std::uint64_t whole = micros / 1'000'000;
  if (whole < 10) {
    *out++ = static_cast<char>('0' + whole);  // most runs last seconds
  } else {
    out = std::to_chars(out, out + 20, whole).ptr;
  }
  const auto fraction = static_cast<std::uint32_t>(micros % 1'000'000);
  *out = '.';
  std::memcpy(out + 1, &kPairs[2 * (fraction / 10'000)], 2);
  std::memcpy(out + 3, &kPairs[2 * (fraction / 100 % 100)], 2);
  std::memcpy(out + 5, &kPairs[2 * (fraction % 100)], 2);
  return out + 7;
}

std::string format_time(Duration d) {
  return format_seconds(d, 3) + "s";
}

std::string format_seconds(Duration d, int decimals) {
  std::string out;
  append_seconds(out, d, decimals);
  return out;
}

}  // namespace asyncdemo
