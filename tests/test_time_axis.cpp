#include <doctest/doctest.h>

#include "asyncdemo/trace/time_axis.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

TEST_CASE("tick_step picks the smallest 1, 2 or 5 step whose ticks stand far enough apart") {
  CHECK(tick_step(3s, 60, 8) == 500ms);
  CHECK(tick_step(3s, 30, 8) == 1s);
  CHECK(tick_step(3s, 10, 8) == 5s);
  CHECK(tick_step(10ms, 80, 8) == 1ms);
  CHECK(tick_step(1500ms, 100, 10) == 200ms);
}

TEST_CASE("tick_step of an empty run is never zero") {
  CHECK(tick_step(0s, 60, 8) > 0s);
}
