#include "asyncdemo/cli/help_layout.hpp"

#include "asyncdemo/pictures/text_fit.hpp"

namespace asyncdemo::cli {
namespace {

// Appends `text` broken into lines: the first continues a line `first_used` columns long
// already, every other starts with `indent` spaces.
void append_words(std::string& out, std::string_view text, std::size_t indent,
                  std::size_t first_used) {
  std::size_t used = first_used;
  bool line_empty = true;
  while (!text.empty()) {
    const std::size_t start = text.find_first_not_of(' ');
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    const std::size_t end = std::min(text.find(' '), text.size());
    const std::string_view word = text.substr(0, end);
    text.remove_prefix(end);
    const std::size_t width = columns_of(word);
    if (!line_empty && used + 1 + width > kHelpWidth) {
      out += '\n';
      out.append(indent, ' ');
      used = indent;
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++used;
    }
    out += word;
    used += width;
    line_empty = false;
  }
  out += '\n';
}

}  // namespace

std::string wrapped(std::string_view text, std::size_t indent) {
  std::string out(indent, ' ');
  append_words(out, text, indent, indent);
  return out;
}

std::string entry(std::string_view left, std::string_view right, std::size_t column) {
  std::string out = "  " + std::string(left);
  const std::size_t used = 2 + columns_of(left);
  if (right.empty()) return out + '\n';
  if (used + 2 > column) {
    out += '\n';
    out.append(column, ' ');
  } else {
    out.append(column - used, ' ');
  }
  append_words(out, right, column, column);
  return out;
}

std::string heading(std::string_view title) {
  return std::string(title) + ":\n";
}

}  // namespace asyncdemo::cli
