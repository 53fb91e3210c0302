// HttpResponseParser, fed a response as it arrives: the outcome (done or failed, status, reason,
// headers, body, error) is the same whatever chunks the bytes come in, the body never exceeds its
// cap, and bytes after a finished response change nothing. The first input byte picks the chunk
// size and the limits (small ones reach them quickly).
#include <cstdint>
#include <optional>
#include <string>

#include "asyncdemo/net/http_response.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

struct Outcome {
  bool done = false;
  bool failed = false;
  bool head_complete = false;
  int status = 0;
  std::string reason;
  std::optional<std::string> content_length;
  std::string body;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

Outcome outcome_of(const HttpResponseParser& parser) {
  // After a failure only the error counts: a fetch drops whatever part of the body had come.
  // Its words in parentheses quote what had arrived when it failed, which depends on the reads.
  if (parser.failed()) {
    const std::string& error = parser.error();
    return {false, true, false, 0, "", std::nullopt, "", error.substr(0, error.find(" ("))};
  }
  return {parser.done(),   parser.failed(), parser.head_complete(),
          parser.status(), parser.reason(), parser.header("content-length"),
          parser.body(),   parser.error()};
}

Outcome run(std::string_view bytes, std::size_t chunk, ResponseLimits limits, bool end) {
  HttpResponseParser parser(limits);
  bool going = true;
  for (std::size_t at = 0; at < bytes.size() && going; at += chunk) {
    going = parser.feed(bytes.substr(at, chunk));
  }
  if (going && end) parser.finish();
  return outcome_of(parser);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + (data[0] & 0x0f);
  const bool end = (data[0] & 0x10) != 0;
  ResponseLimits limits;
  if ((data[0] & 0x20) != 0) limits = ResponseLimits{128, 256};
  const std::string_view bytes = fuzz::as_text(data + 1, size - 1);
  const std::string shown(bytes.substr(0, 200));

  const Outcome whole = run(bytes, bytes.size() + 1, limits, end);
  const Outcome chunked = run(bytes, chunk, limits, end);
  FUZZ_CHECK(whole == chunked, "in chunks of " + std::to_string(chunk) + ": '" + chunked.error +
                                   "' against '" + whole.error + "' for " + shown);
  FUZZ_CHECK(whole.body.size() <= limits.max_body, shown);
  FUZZ_CHECK(!(whole.done && whole.failed), shown);
  FUZZ_CHECK(!whole.failed || !whole.error.empty(), shown);
  if (whole.head_complete) FUZZ_CHECK(whole.status >= 100 && whole.status <= 599, shown);

  if (whole.done) {
    // Anything after a complete response is ignored.
    HttpResponseParser parser(limits);
    parser.feed(bytes);
    if (end) parser.finish();
    parser.feed("HTTP/1.1 500 Oops\r\n\r\n");
    parser.finish();
    FUZZ_CHECK(outcome_of(parser) == whole, shown);
  }
  return 0;
}
