#pragma once

#include <string>
#include <string_view>

namespace asyncdemo {

// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
// valid UTF-8 kept as it is, and each byte that is not valid UTF-8 replaced by U+FFFD so the
// output is always valid JSON.
void append_json_string(std::string& out, std::string_view text);

}  // namespace asyncdemo
