#include <doctest/doctest.h>

#include "asyncdemo/core/duration.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("parse_duration reads every unit and a bare number as seconds") {
  CHECK(parse_duration("1").value() == 1s);
  CHECK(parse_duration("1.5s").value() == 1500ms);
  CHECK(parse_duration("250ms").value() == 250ms);
  CHECK(parse_duration("10us").value() == 10us);
  CHECK(parse_duration("500ns").value() == 500ns);
  CHECK(parse_duration("2m").value() == 2min);
  CHECK(parse_duration("1h").value() == 1h);
  CHECK(parse_duration("0").value() == 0s);
  CHECK(parse_duration(".5").value() == 500ms);
  CHECK(parse_duration("3.").value() == 3s);
}

TEST_CASE("parse_duration is exact in decimal") {
  CHECK(parse_duration("0.1").value() == 100ms);
  CHECK(parse_duration("0.001s").value() == 1ms);
  CHECK(parse_duration("1.000001").value() == 1000001us);
  CHECK(parse_duration("0.5h").value() == 30min);
  CHECK(parse_duration("1.5us").value() == 1500ns);
  CHECK(parse_duration("0.0000000019").value() == 1ns);  // below a nanosecond is dropped
  CHECK(parse_duration("1.23456789s").value() == 1234567890ns);
  CHECK(parse_duration("1.5ns").value() == 1ns);
}

TEST_CASE("parse_duration is exact in hours and minutes past the ninth decimal") {
  // 0.0000000009999h is 3599.64 ns; dropping the digits after the ninth would give 0.
  CHECK(parse_duration("0.0000000009999h").value() == 3599ns);
  CHECK(parse_duration("0.00000000001m").value() == 0ns);  // 0.6 ns
  CHECK(parse_duration("1.0000000000277777h").value() == 3600000000099ns);
  CHECK(parse_duration("0.5000000000000000000000000000000000000s").value() == 500ms);
}

TEST_CASE("parse_duration accepts a year and up to a hundred years") {
  CHECK(parse_duration("8760h").value() == 8760h);
  CHECK(parse_duration("876000h").value() == kLongestDuration);
}

TEST_CASE("parse_duration rejects bad input, naming the token and the expected form") {
  const auto problem = [](const char* text) {
    auto parsed = parse_duration(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().expected == kDurationForm);
    return parsed.error().problem;
  };
  CHECK(problem("5x") == "unknown unit 'x' in '5x'");
  CHECK(problem("1sec") == "unknown unit 'sec' in '1sec'");
  CHECK(problem("-1") == "negative duration '-1'");
  CHECK(problem("nan") == "'nan' is not a duration");
  CHECK(problem("inf") == "'inf' is not a duration");
  CHECK(problem("1e3") == "'1e3' is not a duration");
  CHECK(problem("1.2.3") == "'1.2.3' is not a duration");
  CHECK(problem("") == "empty duration");
  CHECK(problem("+1") == "'+1' is not a duration");
  CHECK(problem("1 s") == "unknown unit ' s' in '1 s'");
  CHECK(problem("1ns ") == "unknown unit 'ns ' in '1ns '");
}

TEST_CASE("parse_duration rejects durations above a hundred years instead of wrapping around") {
  // 18446744073.8s wrapped to 90 ms and 18446744073709551616 to 0 s before.
  for (const char* text :
       {"876001h", "1000000h", "99999999999999999999999999", "3153600001s", "3153600000.000000001",
        "18446744073.8s", "18446744073709551616", "18446744073709551616ns", "876000.0000000001h",
        "3153600000000000001ns", "52560000.1m"}) {
    auto parsed = parse_duration(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().problem ==
          "duration '" + std::string(text) + "' is too long (the longest is 100 years, 876000h)");
  }
  CHECK(parse_duration("3153600000000000000ns").value() == kLongestDuration);
  CHECK(parse_duration("000000000000000000000000000001s").value() == 1s);
}

TEST_CASE("format_duration prints every digit a duration has, so that it parses back the same") {
  CHECK(format_duration(1234567890ns) == "1.23456789s");
  CHECK(format_duration(300129456ns) == "300.129456ms");
  CHECK(format_duration(100s) == "100s");  // 1.666...m has no finite decimals
  CHECK(format_duration(3601s) == "3601s");
  CHECK(format_duration(5400s) == "1.5h");
  CHECK(format_duration(kLongestDuration) == "876000h");
  CHECK(format_duration(3600000000099ns) == "3600.000000099s");
  CHECK(format_duration(-10490ns) == "-10.49us");
  for (Duration d : std::initializer_list<Duration>{1ns, 999ns, 1001ns, 61s, 59999999999ns,
                                                    3599999999999ns, 7h + 1ns}) {
    CHECK(parse_duration(format_duration(d)).value() == d);
  }
}

TEST_CASE("format_duration picks the clearest unit") {
  CHECK(format_duration(0s) == "0s");
  CHECK(format_duration(1s) == "1s");
  CHECK(format_duration(1500ms) == "1.5s");
  CHECK(format_duration(250ms) == "250ms");
  CHECK(format_duration(90s) == "1.5m");
  CHECK(format_duration(2h) == "2h");
  CHECK(format_duration(12us) == "12us");
  CHECK(format_duration(97606ns) == "97.606us");
  CHECK(format_duration(500ns) == "500ns");
}

TEST_CASE("format_seconds rounds to the requested decimals") {
  CHECK(format_seconds(0s) == "0.000000");
  CHECK(format_seconds(1000512us) == "1.000512");
  CHECK(format_seconds(1999999999ns) == "2.000000");
  CHECK(format_seconds(1999999999ns, 3) == "2.000");
  CHECK(format_seconds(1234ms, 3) == "1.234");
  CHECK(format_seconds(-1500us, 3) == "-0.002");
  CHECK(format_seconds(8760h) == "31536000.000000");
}

TEST_CASE("format_time shows a time on the run's clock to the millisecond") {
  CHECK(format_time(0s) == "0.000s");
  CHECK(format_time(1234567us) == "1.235s");
  CHECK(format_time(8760h) == "31536000.000s");
}

TEST_CASE("write_seconds writes what format_seconds does, six decimals rounded half up") {
  const std::int64_t samples[] = {0,
                                  1,
                                  499,
                                  500,
                                  999'499,
                                  999'500,
                                  1'000'000'000,
                                  9'999'999'500,
                                  12'345'678'901,
                                  3'155'760'000'000'000'000,
                                  -1,
                                  -1'500'000'000};
  for (const std::int64_t ns : samples) {
    char buffer[kSecondsRoom];
    const char* end = write_seconds(buffer, Duration(ns));
    CHECK(std::string(static_cast<const char*>(buffer), end) == format_seconds(Duration(ns)));
  }
  char buffer[kSecondsRoom];
  const char* end = write_seconds(buffer, std::chrono::microseconds(1'000'001));
  CHECK(std::string(static_cast<const char*>(buffer), end) == "1.000001");
}
