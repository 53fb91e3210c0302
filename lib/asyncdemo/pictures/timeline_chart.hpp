#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "asyncdemo/pictures/recorded_run.hpp"

namespace asyncdemo {

struct ChartStyle {
  std::size_t width = 80;       // columns the whole chart must fit in
  bool unicode = true;          // false: plain ASCII, for --ascii and non-UTF-8 terminals
  std::size_t most_lanes = 40;  // per run; the tasks past it are counted, not drawn
};

// Below this width the chart is not drawn: one line says so instead.
inline constexpr std::size_t kNarrowestChart = 30;

// The terminal lane chart: for each run a header with how it ended (and, for async after sync,
// the speed-up), one lane per task in the states of the vocabulary, then one time axis shared
// by all runs with tick labels and a legend of what the chart shows. Runs share one time
// scale, so a shorter run draws a shorter chart. Every line fits `width`: long names are cut
// with an ellipsis. A pure function of the runs, so it can be tested at a fixed width.
std::vector<std::string> draw_timeline(const std::vector<RecordedRun>& runs,
                                       const ChartStyle& style);

}  // namespace asyncdemo
