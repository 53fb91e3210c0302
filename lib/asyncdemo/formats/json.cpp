#include "asyncdemo/formats/json.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace asyncdemo {

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  std::size_t length = 0;
  std::uint32_t min = 0;
  std::uint32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, min = 0x80, code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, min = 0x800, code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, min = 0x10000, code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

char* write_json_string(char* out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  // The bytes that go out as they are: printable ASCII but the quote and the backslash.
  static constexpr auto kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
    return plain;
  }();
  const char* const data = text.data();
  *out++ = '"';
  for (std::size_t i = 0; i < text.size();) {
    // Most text needs no escape, and most of it is short (a task's name): copied as it is
    // scanned, without a call.
    while (i < text.size() && kPlain[static_cast<std::uint8_t>(data[i])]) *out++ = data[i++];
    if (i == text.size()) break;
    const auto c = static_cast<std::uint8_t>(data[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        std::memcpy(out, "\\ufffd", 6);
        out += 6;
        ++i;
      } else {
        std::memcpy(out, data + i, length);
        out += length;
        i += length;
      }
      continue;
    }
    *out++ = '\\';
    switch (c) {
      case '"':
        *out++ = '"';
        break;
      case '\\':
        *out++ = '\\';
        break;
      case '\n':
        *out++ = 'n';
        break;
      case '\r':
        *out++ = 'r';
        break;
      case '\t':
        *out++ = 't';
        break;
      case '\b':
        *out++ = 'b';
        break;
      case '\f':
        *out++ = 'f';
        break;
      default:  // another control character
        std::memcpy(out, "u00", 3);
        out[3] = kHex[c >> 4];
        out[4] = kHex[c & 0xF];
        out += 5;
    }
    ++i;
  }
  *out++ = '"';
  return out;
}

void append_json_string(std::string& out, std::string_view text) {
  const std::size_t size = out.size();
  out.resize(size + json_string_room(text));
  out.resize(static_cast<std::size_t>(write_json_string(out.data() + size, text) - out.data()));
}

}  // namespace asyncdemo
