#pragma once

#include "asyncdemo/core/duration.hpp"

namespace asyncdemo {

// The tick spacing for a time axis that shows `total` across `length` units (columns or
// pixels): the smallest round step (1, 2 or 5 times a power of ten up to seconds; clock
// divisions of minutes and hours; then days) whose ticks stand at least `gap` units apart, so
// labels never collide and read as round numbers.
Duration tick_step(Duration total, double length, double gap);

}  // namespace asyncdemo
