#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace asyncdemo {

// What the demo server accepts of one request head: more is refused before it is parsed.
struct RequestLimits {
  // Every byte of a head: blank lines before the request line, the request line, the headers
  // and the empty line that ends them.
  std::size_t max_head = 8 * 1024;
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

// Reads request heads out of a connection's bytes as they arrive, for the server. Each byte is
// looked at once however the bytes are split (a client sending one byte at a time costs no
// rescans), every byte of a head counts against max_head, blank lines before the request line
// included (RFC 9112, 2.2 lets a server skip them, not store them without end), and it holds
// only the head being received, plus what a client pipelined after a complete one.
class RequestReader {
 public:
  explicit RequestReader(RequestLimits limits = {}) : limits_(limits) {}

  // Takes the next bytes received.
  void feed(std::string_view data);
  // The next request once its head is complete or known to be invalid, else `incomplete`. A
  // complete request is taken out (`consumed` counts its bytes, blank lines before it
  // included); the bytes after it stay for the next call. Once invalid, always invalid.
  RequestParse next();
  // Some bytes of the next request have arrived, blank lines aside: the server gives a head
  // under way its header timeout, an idle connection its idle timeout.
  bool started() const { return in_head_; }
  // Bytes held, for the tests of what a connection costs.
  std::size_t buffered() const { return buffer_.size(); }

 private:
  void skip_blank_lines();
  RequestParse fail(RequestParse invalid);

  RequestLimits limits_;
  std::string buffer_;          // the head under way and what follows it, never the blank lines
  std::size_t blank_ = 0;       // bytes of blank lines before it, already dropped
  std::size_t scanned_ = 0;     // bytes of buffer_ searched for the empty line that ends the head
  std::size_t line_start_ = 0;  // where the line being scanned begins
  bool in_head_ = false;        // the request line has begun
  RequestParse failed_;         // invalid, once it is
};

// Parses one HTTP/1.x request head at the start of `received` (the server answers GET only, so
// a request with a body is refused): what a RequestReader fed `received` at once returns.
RequestParse parse_request(std::string_view received, RequestLimits limits = {});

// The value of `name` in a query string "a=1&delay=200ms", or empty with found=false.
std::string_view query_value(std::string_view query, std::string_view name, bool* found);

}  // namespace asyncdemo
