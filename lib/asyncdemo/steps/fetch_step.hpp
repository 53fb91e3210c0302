#pragma once

#include "asyncdemo/net/url.hpp"
#include "asyncdemo/steps/step.hpp"

namespace asyncdemo {

// The most a fetch may take, from the lookup to the last byte of the body, unless --timeout
// comes first: a server that never answers fails the task after this long.
inline constexpr Duration kFetchTimeLimit = std::chrono::seconds(30);

// How much of a body the trace keeps (fetch_done's `body`): the first 100 bytes, cut before a
// UTF-8 sequence that would not fit whole. `bytes` says how many arrived in all.
inline constexpr std::size_t kBodyPreviewBytes = 100;

// The start of `body` that the trace keeps.
std::string_view body_preview(std::string_view body);

// fetch:URL, `await session.get(url)` with aiohttp: an HTTP/1.1 GET over libuv TCP. The host is
// looked up (uv_getaddrinfo), the socket connected, the request written and the response read
// to its end (Content-Length, chunked, or the end of the connection), each an await on the loop,
// so other tasks run meanwhile. The trace records each stage. In sync mode the same code runs
// on a private loop until it is done, so a fetch blocks the thread, like requests.get.
// Every network failure fails the task with a message (TaskFailed); an HTTP error status does
// not (the status is in the trace), as with requests and aiohttp. fetch_done records what
// arrived: the status, the size and the body's first bytes.
//
// fetch-print:URL is the same fetch followed by print(data): the whole body is printed, as
// the tutorial's aiohttp example prints the cat it fetched.
class FetchStep final : public Step {
 public:
  enum class Body { recorded, printed };
  explicit FetchStep(Url url, Body body = Body::recorded) : url_(std::move(url)), body_(body) {}
  static Result<std::unique_ptr<const Step>> parse(std::string_view argument);
  static Result<std::unique_ptr<const Step>> parse_printing(std::string_view argument);

  Task run(TaskContext& ctx) const override;
  bool can_fail() const override { return true; }
  std::string spec() const override {
    return (body_ == Body::printed ? "fetch-print:" : "fetch:") + url_.text;
  }
  bool needs_real_time() const override { return true; }

 private:
  Url url_;
  Body body_;
};

}  // namespace asyncdemo
