#include <doctest/doctest.h>

#include <limits>

#include "asyncdemo/reading/exact_number.hpp"

using namespace asyncdemo;
using Status = ExactNumber::Status;

namespace {

constexpr std::uint64_t kNoLimit = std::numeric_limits<std::uint64_t>::max();

ExactNumber nanoseconds(std::string_view text) {
  return exact_number(text, 9, kNoLimit, false);
}
ExactNumber count(std::string_view text, std::uint64_t max = kNoLimit) {
  return exact_number(text, 0, max, true);
}

}  // namespace

TEST_CASE("exact_number reads seconds in every JSON number form exactly, as nanoseconds") {
  CHECK(nanoseconds("1.000512").value == 1'000'512'000);
  CHECK(nanoseconds("0.1").value == 100'000'000);
  CHECK(nanoseconds("0.3").value == 300'000'000);
  CHECK(nanoseconds("2").value == 2'000'000'000);
  CHECK(nanoseconds("1e-3").value == 1'000'000);
  CHECK(nanoseconds("25E-5").value == 250'000);
  CHECK(nanoseconds("1.5e+2").value == 150'000'000'000);
  CHECK(nanoseconds("0.000000001").value == 1);
  CHECK(nanoseconds("-0").value == 0);
  CHECK(nanoseconds("-0.0e5").status == Status::ok);
  CHECK(nanoseconds("0e999999999999").value == 0);
  // Below a nanosecond is dropped, as parse_duration drops it.
  CHECK(nanoseconds("0.0000000019").value == 1);
  CHECK(nanoseconds("1e-10").value == 0);
  CHECK(nanoseconds("1e-999999999999").value == 0);
}

TEST_CASE("exact_number reads counts, refusing fractions") {
  CHECK(count("0").value == 0);
  CHECK(count("1e3").value == 1000);
  CHECK(count("1.5e1").value == 15);
  CHECK(count("2.000").value == 2);
  CHECK(count("18446744073709551615").value == 18446744073709551615u);
  CHECK(count("1.5").status == Status::not_whole);
  CHECK(count("1e-1").status == Status::not_whole);
}

TEST_CASE("exact_number refuses negative, too large and malformed numbers") {
  CHECK(nanoseconds("-1").status == Status::negative);
  CHECK(nanoseconds("-0.000000000001").status == Status::negative);
  CHECK(count("18446744073709551616").status == Status::too_large);
  CHECK(nanoseconds("18446744074").status == Status::too_large);
  CHECK(nanoseconds("1e999999999999").status == Status::too_large);
  CHECK(count("256", 255).status == Status::too_large);
  CHECK(count("255", 255).status == Status::ok);
  for (std::string_view bad : {"", "-", ".5", "1.", "1e", "1e+", "0x10", "1,5", "1 ", "+1", "e5"}) {
    CAPTURE(bad);
    CHECK(nanoseconds(bad).status == Status::malformed);
  }
}
