#pragma once

#include <string>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/net/http_request.hpp"

namespace asyncdemo {

// The longest delay the demo server agrees to wait before answering.
inline constexpr Duration kLongestServerDelay = std::chrono::minutes(10);
// GET /cats/N waits this long unless ?delay= says otherwise.
inline constexpr Duration kDefaultCatDelay = std::chrono::milliseconds(500);

// What the server answers, and after how long (a timer, never a blocking sleep).
struct Reply {
  int status = 200;
  std::string body;  // JSON, with a final newline
  Duration delay{};
};

// The demo server's API, after the tutorial's cat API (pure logic, unit-tested):
//   GET /cats/N[?delay=DURATION]  a small JSON cat after DURATION (default 500ms)
//   GET /delay/DURATION           {"delayed":SECONDS} after DURATION
//   anything else                 404 (405 for another method), a JSON error, no delay
Reply route(const HttpRequest& request);

// A JSON error body for `status`: {"error":"...","status":N}.
Reply error_reply(int status, std::string_view message);

// "Not Found" for 404, and so on, for the status line.
const char* status_text(int status);

}  // namespace asyncdemo
