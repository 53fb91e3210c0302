// parse_request, which the server calls on everything a client has sent so far: its decisions
// are final (a head complete or refused at a prefix stays so, the same, however much follows),
// a complete head keeps the limits, and a refusal carries one of the statuses the server sends.
// The first input byte picks the limits (small ones reach them quickly) and the cut point.
#include <cstdint>
#include <string>

#include "asyncdemo/net/http_request.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

void check_limits(const RequestParse& parse, std::string_view received, RequestLimits limits) {
  const std::string shown(received.substr(0, 200));
  switch (parse.status) {
    case RequestParse::incomplete:
      break;
    case RequestParse::complete: {
      FUZZ_CHECK(parse.consumed > 0 && parse.consumed <= received.size(), shown);
      const HttpRequest& request = parse.request;
      FUZZ_CHECK(!request.method.empty() && !request.target.empty(), shown);
      FUZZ_CHECK(request.target ==
                     request.path +
                         (request.target.find('?') == std::string::npos ? "" : "?" + request.query),
                 shown);
      FUZZ_CHECK(received.substr(0, parse.consumed).find(request.target) != std::string::npos,
                 shown);
      // The head after any blank lines before it: at most max_head bytes and its end marker,
      // at most max_headers header lines after the request line.
      std::size_t start = 0;
      while (start < parse.consumed && (received[start] == '\r' || received[start] == '\n')) {
        ++start;
      }
      const std::string_view head = received.substr(start, parse.consumed - start);
      FUZZ_CHECK(head.size() <= limits.max_head + 4, shown);
      std::size_t headers = 0;
      std::size_t at = head.find('\n');
      while (at != std::string_view::npos && at + 1 < head.size()) {
        const std::size_t next = head.find('\n', at + 1);
        const std::string_view line = head.substr(at + 1, next - at - 1);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) ++headers;
        at = next;
      }
      FUZZ_CHECK(headers <= limits.max_headers, shown);
      break;
    }
    case RequestParse::invalid:
      FUZZ_CHECK(parse.error_status == 400 || parse.error_status == 431 ||
                     parse.error_status == 501 || parse.error_status == 505,
                 std::to_string(parse.error_status) + " for " + shown);
      FUZZ_CHECK(!parse.error.empty(), shown);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  RequestLimits limits;
  if ((data[0] & 1) != 0) limits = RequestLimits{64, 4};
  const std::string_view received = fuzz::as_text(data + 1, size - 1);
  const std::size_t cut = received.empty() ? 0 : (data[0] >> 1) * 7 % (received.size() + 1);

  const RequestParse whole = parse_request(received, limits);
  check_limits(whole, received, limits);
  const RequestParse prefix = parse_request(received.substr(0, cut), limits);
  check_limits(prefix, received.substr(0, cut), limits);

  const std::string shown(received.substr(0, 200));
  if (prefix.status == RequestParse::complete) {
    FUZZ_CHECK(whole.status == RequestParse::complete,
               "complete at " + std::to_string(cut) + " but not in all: " + whole.error);
    FUZZ_CHECK(whole.consumed == prefix.consumed, shown);
    FUZZ_CHECK(whole.request.method == prefix.request.method &&
                   whole.request.target == prefix.request.target &&
                   whole.request.keep_alive == prefix.request.keep_alive,
               shown);
  }
  if (prefix.status == RequestParse::invalid) {
    FUZZ_CHECK(whole.status == RequestParse::invalid,
               "refused at " + std::to_string(cut) + " (" + prefix.error + ") but not in all");
    FUZZ_CHECK(whole.error_status == prefix.error_status,
               prefix.error + " at " + std::to_string(cut) + ", then " + whole.error);
  }
  return 0;
}
