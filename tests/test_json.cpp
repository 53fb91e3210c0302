#include <doctest/doctest.h>

#include "asyncdemo/formats/json.hpp"

using namespace asyncdemo;

namespace {

std::string json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace

TEST_CASE("append_json_string escapes quotes, backslashes and control characters") {
  CHECK(json("plain") == R"("plain")");
  CHECK(json("a\"b\\c") == R"("a\"b\\c")");
  CHECK(json("\n\r\t\b\f") == R"("\n\r\t\b\f")");
  CHECK(json(std::string_view("\x00\x1f", 2)) == R"("\u0000\u001f")");
  CHECK(json("\x7f") == "\"\x7f\"");
}

TEST_CASE("append_json_string keeps valid UTF-8 and replaces invalid bytes") {
  CHECK(json("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") ==
        "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  CHECK(json("\xff") == R"("\ufffd")");
  CHECK(json("\xc3") == R"("\ufffd")");                      // truncated sequence
  CHECK(json("\xc0\xaf") == R"("\ufffd\ufffd")");            // overlong '/'
  CHECK(json("\xed\xa0\x80") == R"("\ufffd\ufffd\ufffd")");  // a UTF-16 surrogate
  CHECK(json("a\xe2\x82z") == R"("a\ufffd\ufffdz")");
}

TEST_CASE("write_json_string fits in json_string_room however the text must be escaped") {
  const std::string texts[] = {
      "", "plain", std::string(10, '\x01'), std::string(10, '\xff'), "\"\\\n\t", "caf\xc3\xa9"};
  for (const std::string& text : texts) {
    std::string appended;
    append_json_string(appended, text);
    std::string buffer(json_string_room(text), '?');
    const char* end = write_json_string(buffer.data(), text);
    CHECK(static_cast<std::size_t>(end - buffer.data()) <= json_string_room(text));
    CHECK(std::string(buffer.c_str(), end) == appended);
  }
}
