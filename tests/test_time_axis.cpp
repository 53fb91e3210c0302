#include <doctest/doctest.h>

#include "asyncdemo/pictures/time_axis.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("tick_step picks the smallest 1, 2 or 5 step whose ticks stand far enough apart") {
  CHECK(tick_step(3s, 60, 8) == 500ms);
  CHECK(tick_step(3s, 30, 8) == 1s);
  CHECK(tick_step(3s, 10, 8) == 5s);
  CHECK(tick_step(10ms, 80, 8) == 1ms);
  CHECK(tick_step(1500ms, 100, 10) == 200ms);
}

TEST_CASE("tick_step counts minutes, hours and days on their own divisions") {
  using std::chrono::hours;
  using std::chrono::minutes;
  CHECK(tick_step(minutes(10), 60, 8) == minutes(2));
  CHECK(tick_step(hours(3), 60, 8) == minutes(30));
  CHECK(tick_step(hours(8760), 60, 8) == hours(24 * 50));
  CHECK(tick_step(hours(48), 60, 8) == hours(12));
}

TEST_CASE("tick_step of an empty run is never zero") {
  CHECK(tick_step(0s, 60, 8) > 0s);
}
