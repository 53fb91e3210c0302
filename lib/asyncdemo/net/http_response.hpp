#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace asyncdemo {

// How much of a response a fetch accepts: a server that sends more is treated as broken.
struct ResponseLimits {
  std::size_t max_head = 64 * 1024;        // status line and headers
  std::size_t max_body = 8 * 1024 * 1024;  // the body, after chunked decoding
};

// An HTTP/1.1 response read incrementally, as bytes arrive: the status line, the headers, then
// the body framed by Content-Length, by chunked transfer coding, or by the end of the
// connection. Pure logic, no I/O, so every framing and every malformed input is unit-tested.
class HttpResponseParser {
 public:
  explicit HttpResponseParser(ResponseLimits limits = {}) : limits_(limits) {}

  // Takes the next bytes of the stream. False once the response is malformed or too large
  // (error() says how); bytes after a complete response are ignored.
  bool feed(std::string_view data);
  // The connection ended. False if that cut the response short; a body framed by the end of
  // the connection is complete now.
  bool finish();

  bool done() const { return state_ == State::done; }
  bool failed() const { return state_ == State::failed; }
  const std::string& error() const { return error_; }
  bool head_complete() const { return state_ != State::head && state_ != State::failed; }

  int status() const { return status_; }
  const std::string& reason() const { return reason_; }
  // A header's value (the first one of that name, case-insensitive), if present.
  std::optional<std::string> header(std::string_view name) const;
  const std::string& body() const { return body_; }

 private:
  enum class State {
    head,
    body_length,
    body_to_close,
    chunk_size,
    chunk_data,
    chunk_end,
    trailers,
    done,
    failed
  };
  bool fail(std::string message);
  bool parse_head(std::string_view head);
  bool single_content_length(std::optional<std::string>& length);
  bool append_body(std::string_view data);
  void step();

  ResponseLimits limits_;
  State state_ = State::head;
  std::string buffer_;  // received, not yet consumed
  std::string error_;
  int status_ = 0;
  std::string reason_;
  std::string headers_;  // "name: value\n" lines, names lower-cased
  std::string body_;
  std::size_t remaining_ = 0;      // body_length, chunk_data: bytes still to come
  std::size_t trailer_bytes_ = 0;  // trailers: bytes of whole trailer lines so far
  std::size_t head_scanned_ = 0;   // head: bytes of buffer_ already searched for its end
};

}  // namespace asyncdemo
