#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "asyncdemo/core/result.hpp"

namespace asyncdemo {

// An http:// URL taken apart for an HTTP/1.1 GET: where to connect and what to ask for.
struct Url {
  std::string host;         // "127.0.0.1", "localhost", or an IPv6 literal without brackets
  std::uint16_t port = 80;  // 80 unless the URL names one
  std::string target;       // the request target: path and query, "/" at least
  std::string text;         // the URL as written
  // "host:port", for messages ("[::1]:8080" for IPv6).
  std::string authority() const;
};

// Parses "http://HOST[:PORT][/PATH][?QUERY]". https:// is refused with a message saying TLS is
// not supported; user info, fragments, spaces and control characters are refused too.
Result<Url> parse_url(std::string_view text);

}  // namespace asyncdemo
