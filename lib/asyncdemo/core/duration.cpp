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

// Smallest first.
constexpr std::array<Unit, 6> kUnits{{
    {"ns", 1},
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

Error too_long(const std::string& quoted) {
  return duration_error("duration " + quoted + " is too long (the longest is 100 years, " +
                        std::to_string(kLongestDuration / std::chrono::hours(1)) + "h)");
}

}  // namespace

Result<Duration> parse_duration(std::string_view text) {
  if (text.empty()) return duration_error("empty duration");
  const auto quoted = [text] { return fmt::format("'{}'", text); };
  if (text.front() == '-') return duration_error("negative duration " + quoted());

  std::size_t pos = 0;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  const std::string_view integer = text.substr(0, pos);
  std::string_view fraction;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t fraction_begin = ++pos;
    while (pos < text.size() && is_digit(text[pos])) ++pos;
    fraction = text.substr(fraction_begin, pos - fraction_begin);
  }
  if (integer.empty() && fraction.empty()) {
    return duration_error(quoted() + " is not a duration");
  }

  const std::string_view suffix = text.substr(pos);
  std::uint64_t unit = 1'000'000'000;  // a bare number is seconds, as in asyncio.sleep
  if (!suffix.empty()) {
    const Unit* known = nullptr;
    for (const Unit& candidate : kUnits) {
      if (suffix == candidate.suffix) known = &candidate;
    }
    if (known == nullptr) {
      const bool looks_numeric = is_digit(suffix.front()) || suffix.front() == '.' ||
                                 suffix.front() == 'e' || suffix.front() == 'E';
      return duration_error(looks_numeric
                                ? quoted() + " is not a duration"
                                : "unknown unit '" + std::string(suffix) + "' in " + quoted());
    }
    unit = static_cast<std::uint64_t>(known->nanoseconds);
  }

  // Exact integer arithmetic, so "0.1s" is exactly 100000000 ns, never 99999999, and whatever
  // the number of digits nothing overflows: the whole part is checked against the limit digit
  // by digit, before it is multiplied.
  const auto limit = static_cast<std::uint64_t>(kLongestDuration.count());
  const std::uint64_t most_whole = limit / unit;
  std::uint64_t whole = 0;
  for (char c : integer) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (whole > (most_whole - digit) / 10) return too_long(quoted());
    whole = whole * 10 + digit;
  }
  // The fraction's nanoseconds, floor(0.DIGITS * unit), by long multiplication from the last
  // digit: the carry after digit i is floor(0.d_i... * unit), always below `unit`, so no product
  // leaves 64 bits however many digits there are. What is left below a nanosecond is dropped.
  std::uint64_t fraction_ns = 0;
  for (std::size_t i = fraction.size(); i-- > 0;) {
    fraction_ns = (static_cast<std::uint64_t>(fraction[i] - '0') * unit + fraction_ns) / 10;
  }
  const std::uint64_t total = whole * unit + fraction_ns;  // at most limit + unit - 1
  if (total > limit) return too_long(quoted());
  return Duration(static_cast<std::int64_t>(total));
}

std::string format_duration(Duration d) {
  const std::int64_t ns = d.count();
  if (ns == 0) return "0s";
  if (ns < 0) {
    // Only a measured difference can be negative; the magnitude of the lowest value is one
    // nanosecond more than the highest, which no clock reaches.
    return "-" + format_duration(Duration(ns == INT64_MIN ? INT64_MAX : -ns));
  }
  // The largest unit in which the value is at least 1 and has a finite decimal expansion
  // (minutes and hours may not: 100s is 1.666...m), printed with every digit it has. Minutes and
  // hours only for whole seconds: 3600.000000099s reads better than 60.00000000165m.
  constexpr std::int64_t second = 1'000'000'000;
  for (auto unit = kUnits.rbegin(); unit != kUnits.rend(); ++unit) {
    if (ns < unit->nanoseconds || (unit->nanoseconds > second && ns % second != 0)) continue;
    const std::int64_t whole = ns / unit->nanoseconds;
    std::int64_t rest = ns % unit->nanoseconds;
    std::string decimals;
    // A unit's nanoseconds divide 2^11 * 3^2 * 5^11, so a finite expansion ends within 11 digits.
    while (rest != 0 && decimals.size() < 12) {
      rest *= 10;
      decimals += static_cast<char>('0' + rest / unit->nanoseconds);
      rest %= unit->nanoseconds;
    }
    if (rest != 0) continue;
    if (decimals.empty()) return fmt::format("{}{}", whole, unit->suffix);
    return fmt::format("{}.{}{}", whole, decimals, unit->suffix);
  }
  return fmt::format("{}ns", ns);  // not reached: every value is a whole number of nanoseconds
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
