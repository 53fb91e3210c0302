// parse_duration against an independent exact computation: the grammar checked by hand and the
// value computed in decimal strings (schoolbook multiplication, no 64-bit arithmetic on the
// whole value), so the parser is either exactly right or refuses. format_duration and
// format_seconds must print what parses back to the same duration.
#include <cstdint>
#include <optional>
#include <string>

#include "asyncdemo/core/duration.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

struct Expected {
  bool valid_form = false;
  std::optional<std::uint64_t> nanoseconds;  // valid and at most the longest duration
};

// The digits of `digits` (a decimal string) times `factor`, as a decimal string.
std::string times(const std::string& digits, std::uint64_t factor) {
  std::string product(digits.size() + 20, '0');
  std::uint64_t carry = 0;  // below factor: digit * factor + carry stays far below 2^64
  std::size_t out = product.size();
  for (std::size_t i = digits.size(); i-- > 0;) {
    const std::uint64_t value = static_cast<std::uint64_t>(digits[i] - '0') * factor + carry;
    product[--out] = static_cast<char>('0' + static_cast<int>(value % 10));
    carry = value / 10;
  }
  while (carry > 0) {
    product[--out] = static_cast<char>('0' + static_cast<int>(carry % 10));
    carry /= 10;
  }
  return product;
}

Expected expect(std::string_view text) {
  Expected expected;
  std::size_t i = 0;
  std::string integer;
  std::string fraction;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') integer += text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') fraction += text[i++];
  }
  if (integer.empty() && fraction.empty()) return expected;
  const std::string_view unit = text.substr(i);
  std::uint64_t factor = 0;
  if (unit.empty() || unit == "s") factor = 1'000'000'000ULL;
  if (unit == "ns") factor = 1;
  if (unit == "us") factor = 1'000ULL;
  if (unit == "ms") factor = 1'000'000ULL;
  if (unit == "m") factor = 60'000'000'000ULL;
  if (unit == "h") factor = 3'600'000'000'000ULL;
  if (factor == 0) return expected;
  expected.valid_form = true;

  // value = (integer . fraction) * factor; whole nanoseconds = drop the fraction's digits.
  std::string product = times(integer + fraction, factor);
  product.resize(product.size() - fraction.size());
  const std::size_t first = product.find_first_not_of('0');
  product = first == std::string::npos ? "0" : product.substr(first);
  const std::string longest = std::to_string(kLongestDuration.count());
  const bool too_long =
      product.size() > longest.size() || (product.size() == longest.size() && product > longest);
  if (!too_long) expected.nanoseconds = std::stoull(product);
  return expected;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const Result<Duration> parsed = parse_duration(text);
  const Expected expected = expect(text);
  const std::string shown(text);

  if (!expected.valid_form || !expected.nanoseconds) {
    FUZZ_CHECK(!parsed.ok(), "accepted '" + shown + "' as " +
                                 (parsed.ok() ? std::to_string(parsed->count()) : "") + " ns");
    FUZZ_CHECK(parsed.error().expected == kDurationForm, parsed.error().message());
    FUZZ_CHECK(!parsed.error().problem.empty(), shown);
    if (expected.valid_form) {
      FUZZ_CHECK(parsed.error().problem ==
                     "duration '" + shown + "' is too long (the longest is 100 years, 876000h)",
                 parsed.error().problem);
    }
    return 0;
  }
  FUZZ_CHECK(parsed.ok(), "refused '" + shown + "': " + parsed.error().message());
  FUZZ_CHECK(static_cast<std::uint64_t>(parsed->count()) == *expected.nanoseconds,
             "'" + shown + "' parsed as " + std::to_string(parsed->count()) + " ns, exactly " +
                 std::to_string(*expected.nanoseconds));

  const std::string printed = format_duration(*parsed);
  const Result<Duration> again = parse_duration(printed);
  FUZZ_CHECK(again.ok() && *again == *parsed, "'" + shown + "' printed as " + printed);
  const std::string seconds = format_seconds(*parsed, 9);
  const Result<Duration> from_seconds = parse_duration(seconds);
  FUZZ_CHECK(from_seconds.ok() && *from_seconds == *parsed, "'" + shown + "' as " + seconds);
  return 0;
}
