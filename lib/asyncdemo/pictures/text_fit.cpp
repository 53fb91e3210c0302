#include "asyncdemo/pictures/text_fit.hpp"

#include "asyncdemo/formats/json.hpp"

namespace asyncdemo {
namespace {

// The byte length of the code point at text[i], 1 for a byte that starts none.
std::size_t code_point_at(std::string_view text, std::size_t i) {
  const std::size_t length = utf8_sequence_length(text, i);
  return length == 0 ? 1 : length;
}

}  // namespace

std::size_t columns_of(std::string_view text) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size(); i += code_point_at(text, i)) ++columns;
  return columns;
}

std::string fit_text(std::string_view text, std::size_t columns, std::string_view ellipsis) {
  if (columns_of(text) <= columns) return std::string(text);
  const std::size_t room = columns_of(ellipsis);
  if (columns < room + 1) return {};
  std::size_t end = 0;
  for (std::size_t kept = 0; kept < columns - room; ++kept) end += code_point_at(text, end);
  return std::string(text.substr(0, end)) + std::string(ellipsis);
}

}  // namespace asyncdemo
