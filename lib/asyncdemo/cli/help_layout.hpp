#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncdemo::cli {

// Help pages are laid out for an 80-column terminal: no line is longer than this.
inline constexpr std::size_t kHelpWidth = 79;
// Where an entry's description starts: two spaces, then a column for the option.
inline constexpr std::size_t kHelpColumn = 26;
// The narrower column of a table of short words, such as the exit statuses.
inline constexpr std::size_t kStatusColumn = 12;

// `text` as lines of at most kHelpWidth columns, each starting with `indent` spaces, broken
// between words; a word longer than a line stands alone on its own.
std::string wrapped(std::string_view text, std::size_t indent = 0);

// "  LEFT      RIGHT..." with RIGHT wrapped beside LEFT from `column`; a LEFT that does not fit
// before that column gets RIGHT on the lines below it.
std::string entry(std::string_view left, std::string_view right,
                  std::size_t column = kHelpColumn);

// "Heading:" on its own line.
std::string heading(std::string_view title);

}  // namespace asyncdemo::cli
