#pragma once

#include <string>

namespace asyncdemo {

// The page's own files, built into the program from lib/asyncdemo/page/ (see
// lib/CMakeLists.txt): its HTML shell with markers where the rest goes, its style sheet and its
// script.
enum class PageAsset { html, css, js };
std::string page_asset(PageAsset asset);

}  // namespace asyncdemo
