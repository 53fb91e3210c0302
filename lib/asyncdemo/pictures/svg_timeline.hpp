#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/pictures/recorded_run.hpp"

namespace asyncdemo {

// A self-contained SVG timeline of the runs, for slides and blog posts: a title with the mode(s)
// and total(s), one block of lanes per run on one shared time scale, sleep bars labelled with
// their durations, print markers whose text shows as a tooltip (<title>), an axis with ticks
// and a legend. No scripts, images or fonts outside the file: text uses generic font families.
std::string draw_svg(const std::vector<RecordedRun>& runs);

// `text` escaped for XML character data and attributes; bytes that XML forbids (control
// characters, invalid UTF-8) become U+FFFD so the document always parses.
std::string xml_escape(std::string_view text);

}  // namespace asyncdemo
