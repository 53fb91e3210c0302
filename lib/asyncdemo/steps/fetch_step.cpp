#include "asyncdemo/steps/fetch_step.hpp"

#include "asyncdemo/core/task_failed.hpp"
#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/net/body_budget.hpp"
#include "asyncdemo/net/http_response.hpp"
#include "asyncdemo/runtime/sockets.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/uv_net.hpp"

namespace asyncdemo {
namespace {

std::string request_for(const Url& url) {
  const bool default_port = url.port == 80;
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  if (!default_port) host += ":" + std::to_string(url.port);
  return "GET " + url.target + " HTTP/1.1\r\nHost: " + host +
         "\r\nUser-Agent: asyncdemo/" ASYNCDEMO_VERSION
         "\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

// The fetch itself, on a libuv loop: the run's loop (async) or a private one (sync).
Task fetch_on(UvLoop& loop, TaskContext& ctx, const Url& url, FetchStep::Body body) {
  const Duration began = ctx.now();
  TcpStream stream(loop, &ctx.self());
  stream.set_time_limit(began + kFetchTimeLimit, kFetchTimeLimit);
  try {
    const std::string address = co_await stream.resolve(url.host, url.port);
    {
      TraceEvent resolved = ctx.event(EventKind::fetch_resolved);
      resolved.text = url.text;
      resolved.at = address;
      resolved.seconds = resolved.t - began;
      ctx.record(resolved);
    }
    co_await stream.connect();
    {
      TraceEvent connected = ctx.event(EventKind::fetch_connected);
      connected.text = url.text;
      connected.at = address;
      ctx.record(connected);
    }
    std::string request = request_for(url);
    const std::size_t request_bytes = request.size();
    co_await stream.write(std::move(request));
    {
      TraceEvent sent = ctx.event(EventKind::fetch_sent);
      sent.text = url.text;
      sent.bytes = request_bytes;
      ctx.record(sent);
    }
    HttpResponseParser response;
    BodyBudget::Share body_share(fetch_body_budget());
    bool first = true;
    while (!response.done()) {
      const std::string received = co_await stream.read();
      if (first && !received.empty()) {
        first = false;
        TraceEvent first_byte = ctx.event(EventKind::fetch_first_byte);
        first_byte.text = url.text;
        first_byte.seconds = first_byte.t - began;
        ctx.record(first_byte);
      }
      // Room for the body to grow by all of these bytes first, then exactly what it holds.
      const std::size_t at_most = response.body().size() + received.size();
      if (!body_share.resize(at_most)) throw TaskFailed{body_share.refusal(at_most)};
      const bool ok = received.empty() ? response.finish() : response.feed(received);
      if (!ok) throw TaskFailed{"bad response from " + address + ": " + response.error()};
      body_share.resize(response.body().size());
    }
    TraceEvent done = ctx.event(EventKind::fetch_done);
    done.text = url.text;
    done.status = response.status();
    done.bytes = response.body().size();
    done.body = body_preview(response.body());
    done.seconds = done.t - began;
    ctx.record(done);
    if (body == FetchStep::Body::printed) {
      // print(data): the body whole, without the line end it was sent with.
      std::string_view whole = response.body();
      while (!whole.empty() && (whole.back() == '\n' || whole.back() == '\r')) {
        whole.remove_suffix(1);
      }
      TraceEvent printed = ctx.event(EventKind::print);
      printed.text = whole;
      ctx.record(printed);
    }
  } catch (const NetError& error) {
    throw TaskFailed{error.what()};
  } catch (const LoopError& error) {
    throw TaskFailed{error.what()};  // the task's failure, never a loop left waiting for it
  }
}

}  // namespace

std::string_view body_preview(std::string_view body) {
  if (body.size() <= kBodyPreviewBytes) return body;
  std::size_t end = kBodyPreviewBytes;
  // Back to the first byte of the sequence the cut falls in, unless the cut is right after it.
  std::size_t start = end;
  while (start > 0 && (static_cast<unsigned char>(body[start]) & 0xC0) == 0x80) --start;
  if (start < end && start + utf8_sequence_length(body, start) > end) end = start;
  return body.substr(0, end);
}

Result<std::unique_ptr<const Step>> FetchStep::parse(std::string_view argument) {
  Result<Url> url = parse_url(argument);
  if (!url) return url.error();
  return std::unique_ptr<const Step>(std::make_unique<FetchStep>(*url));
}

Result<std::unique_ptr<const Step>> FetchStep::parse_printing(std::string_view argument) {
  Result<Url> url = parse_url(argument);
  if (!url) return url.error();
  return std::unique_ptr<const Step>(std::make_unique<FetchStep>(*url, Body::printed));
}

Task FetchStep::run(TaskContext& ctx) const {
  SocketAccess* sockets = ctx.sockets();
  if (sockets == nullptr) {
    throw TaskFailed{"fetch needs real time: real sockets cannot run on the virtual clock"};
  }
  co_await sockets->run(fetch_on(sockets->loop(), ctx, url_, body_), ctx.self());
}

}  // namespace asyncdemo
