#pragma once

#include <string>
#include <string_view>

namespace asyncdemo {

// The interactive page as one self-contained HTML file: the page's own style sheet and script
// (page/page.css, page/page.js, built into the program) inline, and `data` (PageRecorder's
// JSON) in a <script type="application/json"> element. Nothing is loaded from elsewhere: no
// network, no fonts, no images, so it works from file:// and offline.
std::string page_html(std::string_view data);

}  // namespace asyncdemo
