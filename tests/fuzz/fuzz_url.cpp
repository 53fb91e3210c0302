// parse_url: an accepted URL has a host, a target starting with '/', no space or control
// character anywhere, and "http://" + authority() + target parses back to the same parts.
#include <cstdint>
#include <string>

#include "asyncdemo/net/url.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

bool clean(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const std::string shown(text);
  const Result<Url> url = parse_url(text);
  if (!url) {
    FUZZ_CHECK(!url.error().problem.empty(), shown);
    return 0;
  }
  FUZZ_CHECK(url->text == text, shown);
  FUZZ_CHECK(!url->host.empty(), shown);
  FUZZ_CHECK(url->port != 0, shown);
  FUZZ_CHECK(url->target.starts_with('/'), shown + " has target " + url->target);
  FUZZ_CHECK(clean(url->host) && clean(url->target), shown);
  FUZZ_CHECK(url->target.find('#') == std::string::npos, shown);

  const std::string rebuilt = "http://" + url->authority() + url->target;
  const Result<Url> again = parse_url(rebuilt);
  FUZZ_CHECK(again.ok(), shown + " rebuilt as " + rebuilt + ": " +
                             (again.ok() ? std::string() : again.error().message()));
  FUZZ_CHECK(again->host == url->host && again->port == url->port && again->target == url->target,
             shown + " rebuilt as " + rebuilt);
  return 0;
}
