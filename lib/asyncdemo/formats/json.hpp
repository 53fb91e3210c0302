#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncdemo {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid
// (overlong forms, surrogates and code points past U+10FFFF are invalid too).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
// valid UTF-8 kept as it is, and each byte that is not valid UTF-8 replaced by U+FFFD so the
// output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);
// The same written at `out`, which has room for json_string_room(text) bytes; returns the end.
char* write_json_string(char* out, std::string_view text);
// The most bytes `text` can take as a JSON string: 6 for a byte written as \u001f or \ufffd.
constexpr std::size_t json_string_room(std::string_view text) {
  return 6 * text.size() + 2;
}

}  // namespace asyncdemo
