#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncdemo {

// What the demo server accepts of one request head: more is refused before it is parsed.
struct RequestLimits {
  std::size_t max_head = 8 * 1024;  // request line and headers
  std::size_t max_headers = 64;
};

struct HttpRequest {
  std::string method;      // "GET"
  std::string target;      // "/cats/1?delay=200ms"
  std::string path;        // "/cats/1"
  std::string query;       // "delay=200ms", without the '?'
  bool keep_alive = true;  // HTTP/1.1 unless "Connection: close"; HTTP/1.0 only if asked
};

// The outcome of looking at what a client has sent so far.
struct RequestParse {
  enum Status { incomplete, complete, invalid } status = incomplete;
  HttpRequest request;       // complete
  std::size_t consumed = 0;  // complete: bytes of the head, so pipelined requests can follow
  int error_status = 0;      // invalid: 400, 431 (too large), 501 (a body), 505 (version)
  std::string error;         // invalid: why, for the JSON error and the log
};

// Parses an HTTP/1.x request head (the server answers GET only, so a request with a body is
// refused). Pure logic, unit-tested; the server calls it on every read until it is complete.
RequestParse parse_request(std::string_view received, RequestLimits limits = {});

// The value of `name` in a query string "a=1&delay=200ms", or empty with found=false.
std::string_view query_value(std::string_view query, std::string_view name, bool* found);

}  // namespace asyncdemo
