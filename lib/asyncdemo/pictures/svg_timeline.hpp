#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/pictures/recorded_run.hpp"

namespace asyncdemo {

// A self-contained SVG timeline of the runs, for slides and blog posts: a title with the mode(s)
// and how each run ended, one block of lanes per run on one shared time scale, each lane in the
// states of the vocabulary with every bar labelled with its duration where the label fits,
// the printed texts and the fetched data written above their marks (cut with an ellipsis where
// the next mark begins), a failure's message beside its mark, an axis with round ticks and a
// legend of what the picture shows. Tooltips (<title>) repeat everything with exact times. No
// scripts, images or fonts outside the file: text uses generic font families.
std::string draw_svg(const std::vector<RecordedRun>& runs);

// `text` escaped for XML character data and attributes; bytes that XML forbids (control
// characters, invalid UTF-8) become U+FFFD so the document always parses.
std::string xml_escape(std::string_view text);

}  // namespace asyncdemo
