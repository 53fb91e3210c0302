#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// Every time in asyncdemo is a count of nanoseconds since the run began, on the run's clock.
// 64 bits of nanoseconds reach 292 years, far beyond the longest duration we accept.
using Duration = std::chrono::nanoseconds;

// The longest single duration accepted: 100 years of 365 days, so that a year-long sleep on the
// virtual clock works and a few of them still add up without overflowing.
inline constexpr Duration kLongestDuration = std::chrono::hours(24 * 365 * 100);

// The accepted form, for error messages and help text.
inline constexpr std::string_view kDurationForm =
    "a number with a unit ns, us, ms, s, m or h, like 250ms or 1.5s (a bare number means "
    "seconds)";

// Parses "1", "1.5s", "250ms", "10us", "500ns", "2m", "1h", "0": exactly, with any number of
// digits; digits below a nanosecond are dropped. Anything above kLongestDuration is an error
// naming the token, never a value that wrapped around.
Result<Duration> parse_duration(std::string_view text);

// For people: the largest unit in which the value is at least one, with every digit it has, so
// that what is printed parses back to the same duration: "1s", "250ms", "1.23456789s", "1.5m",
// "100s" (not 1.666...m), "12us", "500ns".
std::string format_duration(Duration d);

// For machines and aligned columns: seconds with `decimals` decimals (0 to 9), rounded to the
// nearest, "1.000512" by default, which is the JSON-lines trace's microsecond resolution.
std::string format_seconds(Duration d, int decimals = 6);
// A time on the run's clock as people read it: seconds to the millisecond, "1.234s".
std::string format_time(Duration d);

// format_seconds, appended to `out` without a temporary.
void append_seconds(std::string& out, Duration d, int decimals = 6);
// format_seconds(d) with six decimals, written at `out`, which has room for kSecondsRoom bytes;
// returns the end. For writers of millions of numbers (JSON lines).
char* write_seconds(char* out, Duration d);
inline constexpr std::size_t kSecondsRoom = 24;

}  // namespace asyncdemo
