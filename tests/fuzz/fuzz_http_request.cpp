// RequestReader, which reads request heads out of a connection's bytes for the server: the
// requests it returns (and where it refuses) are the same whatever chunks the bytes arrive in,
// every complete head keeps the limits (every byte of it, blank lines before it included,
// counts against max_head), a refusal carries one of the statuses the server sends and is
// final, and parse_request agrees with a reader fed everything at once. The first input byte
// picks the limits (small ones reach them quickly) and the chunk size.
#include <cstdint>
#include <string>
#include <vector>

#include "asyncdemo/net/http_request.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

struct Outcome {
  RequestParse::Status status;
  std::size_t consumed;
  std::string method, target, path, query;
  bool keep_alive;
  int error_status;
  bool operator==(const Outcome&) const = default;
};

Outcome outcome_of(const RequestParse& parse) {
  const HttpRequest& r = parse.request;
  return {parse.status, parse.consumed, r.method,     r.target,
          r.path,       r.query,        r.keep_alive, parse.error_status};
}

// Every request the reader gives, then how it stopped (incomplete or invalid).
std::vector<Outcome> read_all(std::string_view bytes, std::size_t chunk, RequestLimits limits) {
  RequestReader reader(limits);
  std::vector<Outcome> outcomes;
  const auto drain = [&] {
    while (true) {
      const RequestParse parse = reader.next();
      if (parse.status != RequestParse::complete) return parse;
      outcomes.push_back(outcome_of(parse));
    }
  };
  RequestParse last;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    reader.feed(bytes.substr(at, chunk));
    last = drain();
    if (last.status == RequestParse::invalid) break;
  }
  if (bytes.empty()) last = drain();
  outcomes.push_back(outcome_of(last));
  return outcomes;
}

void check(const RequestParse& parse, std::string_view received, const RequestLimits& limits) {
  const std::string shown(received.substr(0, 200));
  if (parse.status == RequestParse::complete) {
    FUZZ_CHECK(parse.consumed > 0 && parse.consumed <= received.size(), shown);
    FUZZ_CHECK(parse.consumed <= limits.max_head, shown);
    const HttpRequest& request = parse.request;
    FUZZ_CHECK(!request.method.empty() && !request.target.empty(), shown);
    FUZZ_CHECK(request.target ==
                   request.path +
                       (request.target.find('?') == std::string::npos ? "" : "?" + request.query),
               shown);
    // At most max_headers header lines after the request line.
    std::size_t headers = 0;
    const std::string_view head = received.substr(0, parse.consumed);
    std::size_t at = head.find_first_not_of("\r\n");
    at = at == std::string_view::npos ? head.size() : head.find('\n', at);
    while (at != std::string_view::npos && at + 1 < head.size()) {
      const std::size_t next = head.find('\n', at + 1);
      const std::string_view line = head.substr(at + 1, next - at - 1);
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) ++headers;
      at = next;
    }
    FUZZ_CHECK(headers <= limits.max_headers, shown);
  }
  if (parse.status == RequestParse::invalid) {
    FUZZ_CHECK(parse.error_status == 400 || parse.error_status == 431 ||
                   parse.error_status == 501 || parse.error_status == 505,
               std::to_string(parse.error_status) + " for " + shown);
    FUZZ_CHECK(!parse.error.empty(), shown);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  RequestLimits limits;
  if ((data[0] & 1) != 0) limits = RequestLimits{64, 4};
  const std::size_t chunk = 1 + (data[0] >> 1) % 16;
  const std::string_view received = fuzz::as_text(data + 1, size - 1);
  const std::string shown(received.substr(0, 200));

  const std::vector<Outcome> at_once = read_all(received, received.size() + 1, limits);
  const std::vector<Outcome> chunked = read_all(received, chunk, limits);
  FUZZ_CHECK(at_once == chunked, "in chunks of " + std::to_string(chunk) + ", " +
                                     std::to_string(chunked.size()) + " outcomes against " +
                                     std::to_string(at_once.size()) + " for " + shown);

  const RequestParse first = parse_request(received, limits);
  check(first, received, limits);
  FUZZ_CHECK(outcome_of(first) == at_once.front(), shown);
  return 0;
}
