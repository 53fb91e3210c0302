#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncdemo {

// How many terminal columns `text` takes: one per UTF-8 code point (names, labels and glyphs
// drawn are one column wide), one per byte that is not valid UTF-8.
std::size_t columns_of(std::string_view text);

// `text` cut to at most `columns`, ending in `ellipsis` where it was cut (never inside a UTF-8
// sequence); empty when not even one character and the ellipsis fit.
std::string fit_text(std::string_view text, std::size_t columns, std::string_view ellipsis = "…");

}  // namespace asyncdemo
