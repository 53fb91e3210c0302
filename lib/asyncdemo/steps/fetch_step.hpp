#pragma once

#include "asyncdemo/net/url.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// The most a fetch may take, from the lookup to the last byte of the body, unless --timeout
// comes first: a server that never answers fails the task after this long.
inline constexpr Duration kFetchTimeLimit = std::chrono::seconds(30);

// fetch:URL, `await session.get(url)` with aiohttp: an HTTP/1.1 GET over libuv TCP. The host is
// looked up (uv_getaddrinfo), the socket connected, the request written and the response read
// to its end (Content-Length, chunked, or the end of the connection), each an await on the loop,
// so other tasks run meanwhile. The trace records each stage. In sync mode the same code runs
// on a private loop until it is done, so a fetch blocks the thread, like requests.get.
// Every network failure fails the task with a message (TaskFailed); an HTTP error status does
// not (the status is in the trace), as with requests and aiohttp.
class FetchStep final : public Step {
 public:
  explicit FetchStep(Url url) : url_(std::move(url)) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument);

  Task run(TaskContext& ctx) const override;
  bool can_fail() const override { return true; }
  std::string spec() const override { return "fetch:" + url_.text; }
  bool needs_real_time() const override { return true; }

 private:
  Url url_;
};

}  // namespace asyncdemo
