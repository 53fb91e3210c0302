#include "asyncdemo/net/url.hpp"

#include <cctype>

namespace asyncdemo {
namespace {

constexpr const char* kUrlForm = "an http:// URL like http://127.0.0.1:8080/cats/1";

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

}  // namespace

std::string Url::authority() const {
  const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return shown + ":" + std::to_string(port);
}

Result<Url> parse_url(std::string_view text) {
  const auto bad = [&](std::string problem) {
    return Error{"", "URL '" + std::string(text) + "': " + std::move(problem), kUrlForm};
  };
  if (starts_with_ci(text, "https://")) {
    return bad("https is not supported (asyncdemo speaks plain HTTP only, no TLS)");
  }
  if (!starts_with_ci(text, "http://")) return bad("not an http:// URL");
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return bad("spaces and control characters are not allowed");
    }
  }
  std::string_view rest = text.substr(7);
  const std::size_t end_of_authority = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end_of_authority);
  std::string_view target = end_of_authority == std::string_view::npos
                                ? std::string_view()
                                : rest.substr(end_of_authority);
  if (target.find('#') != std::string_view::npos) {
    target = target.substr(0, target.find('#'));  // a fragment is never sent
  }
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");

  Url url;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after ']'");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("no port after ':'");
    }
    for (char c : url.host) {
      if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') {
        return bad("bad IPv6 address '" + url.host + "'");
      }
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("no port after ':'");
    }
    for (char c : url.host) {
      if (!host_char(c)) return bad("bad character '" + std::string(1, c) + "' in the host");
    }
  }
  if (url.host.empty()) return bad("no host");
  if (!port_text.empty()) {
    unsigned long port = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return bad("bad port '" + std::string(port_text) + "'");
      port = port * 10 + static_cast<unsigned long>(c - '0');
      if (port > 65535) return bad("port '" + std::string(port_text) + "' is above 65535");
    }
    if (port == 0) return bad("port 0 cannot be connected to");
    url.port = static_cast<std::uint16_t>(port);
  }
  url.target = target.empty() ? "/" : std::string(target);
  if (url.target.front() == '?') url.target.insert(url.target.begin(), '/');
  url.text = std::string(text);
  return url;
}

}  // namespace asyncdemo
