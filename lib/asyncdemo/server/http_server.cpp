#include "asyncdemo/server/http_server.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <list>
#include <memory>
#include <optional>
#include <vector>

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/core/task.hpp"
#include "asyncdemo/net/http_request.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/uv_net.hpp"
#include "asyncdemo/server/cat_api.hpp"

namespace asyncdemo {
namespace {

using Connections = std::list<Task>;

struct Server {
  UvLoop& loop;
  const ServerLimits& limits;
  std::shared_ptr<spdlog::logger> log;
  std::size_t cap;           // connections served at once, at most
  std::size_t active = 0;    // connections open, served or turned away
  std::size_t admitted = 0;  // connections served
  std::uint64_t served = 0;
  Connections connections{};
  // Connections whose coroutine has ended (their socket is closed already), freed by reap().
  std::vector<Connections::iterator> finished{};
  std::list<Parked*> waiters{};  // every connection's parking slot, oldest first, for a stop

  void reap() {
    for (Connections::iterator done : finished) connections.erase(done);
    finished.clear();
  }
  void arm(TcpStream& stream, Duration limit) {
    stream.set_time_limit(loop.clock().now() + limit, limit);
  }
};

// A stop request (Ctrl-C, SIGTERM) cancels the acceptor, then every connection, oldest first.
struct StopServing final : Callback {
  StopServing(Server& server, Parked& acceptor) : server(server), acceptor(acceptor) {}
  void run(LoopCore& loop) override {
    std::vector<Parked*> waiters{&acceptor};
    waiters.insert(waiters.end(), server.waiters.begin(), server.waiters.end());
    loop.cancel(waiters);
  }
  Server& server;
  Parked& acceptor;
};

std::string response_text(const Reply& reply, bool keep_alive) {
  return "HTTP/1.1 " + std::to_string(reply.status) + " " + status_text(reply.status) +
         "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(reply.body.size()) +
         "\r\nConnection: " + (keep_alive ? "keep-alive" : "close") +
         (reply.status == 503 ? "\r\nRetry-After: 1" : "") + "\r\nServer: asyncdemo\r\n\r\n" +
         reply.body;
}

// Writes one reply within the send timeout, then logs it with what it answered.
Task send_reply(Server& server, TcpStream& stream, const Reply& reply, bool keep_alive,
                const std::string& what, Duration began) {
  server.arm(stream, server.limits.send_timeout);
  co_await stream.write(response_text(reply, keep_alive));
  ++server.served;
  server.log->info("{} -> {} ({} bytes) after {}", what, reply.status, reply.body.size(),
                   format_duration(server.loop.clock().now() - began));
}

// How a connection ends once its requests are done.
enum class Ending {
  close,      // at once: the client has closed its side, or a write could not finish
  gracefully  // the server ends it: half-close, then linger (close_gracefully)
};

// Requests in turn until the client closes, asks to close, sends a bad request, is too slow, or
// idles too long; then says how the connection should end. Throws NetError when the connection
// fails (its end is then a plain close).
Task serve_requests(Server& server, TcpStream& stream, Parked& waiter, Ending& ending) {
  const ServerLimits& limits = server.limits;
  RequestReader reader;
  server.arm(stream, limits.header_timeout);  // the first request: from the accept
  bool idle = false;                          // waiting with the idle timeout
  for (;;) {
    RequestParse parse = reader.next();
    bool timed_out = false;
    while (parse.status == RequestParse::incomplete) {
      std::string more;
      try {
        more = co_await stream.read();
      } catch (const NetError&) {
        if (!stream.timed_out()) throw;
        timed_out = true;
      }
      if (timed_out) break;
      if (more.empty()) {
        ending = Ending::close;  // the client closed: nothing left to answer or to read
        co_return;
      }
      reader.feed(more);
      if (idle && reader.started()) {
        server.arm(stream, limits.header_timeout);  // a request has begun: its head in time
        idle = false;
      }
      parse = reader.next();
    }
    const Duration began = server.loop.clock().now();
    ending = Ending::gracefully;
    if (timed_out) {
      if (!reader.started()) {
        server.log->debug("a connection closed after {} without a request",
                          format_duration(idle ? limits.idle_timeout : limits.header_timeout));
        co_return;
      }
      const std::string why =
          "the request head did not arrive within " + format_duration(limits.header_timeout);
      co_await send_reply(server, stream, error_reply(408, why), false,
                          "slow client cut off (" + why + ")", began);
      co_return;
    }
    Reply reply;
    bool keep_alive = false;
    std::string what;
    if (parse.status == RequestParse::invalid) {
      reply = error_reply(parse.error_status, parse.error);
      what = "bad request (" + parse.error + ")";
    } else {
      reply = route(parse.request);
      keep_alive = parse.request.keep_alive;
      what = parse.request.method + " " + parse.request.target;
    }
    if (reply.delay > Duration::zero()) {
      waiter.timed = true;
      waiter.deadline = server.loop.clock().now() + reply.delay;
      co_await Park(server.loop, waiter);
    }
    ending = Ending::close;  // a write that fails or times out leaves nothing to linger for
    co_await send_reply(server, stream, reply, keep_alive, what, began);
    ending = Ending::gracefully;
    if (!keep_alive) co_return;
    // A pipelined request under way has its header timeout; else the connection idles.
    idle = !reader.started();
    server.arm(stream, idle ? limits.idle_timeout : limits.header_timeout);
  }
}

// The end of a connection the server closes (RFC 9112, 9.6): a half-close first, so the client
// reads the end of the stream at once, then what it still sends is read and dropped until it
// closes too or the linger time passes. The caller then closes the socket.
Task close_gracefully(Server& server, TcpStream& stream) {
  try {
    server.arm(stream, server.limits.linger);
    co_await stream.shutdown();
    while (!(co_await stream.read()).empty()) {
    }
  } catch (const NetError&) {
    // The linger time passed, or the client reset the connection: close it all the same.
  }
}

// One client, from its accept to its close. Beyond the cap it is turned away with 503.
Task handle_connection(Server& server, std::unique_ptr<TcpStream> stream,
                       Connections::iterator self) {
  ++server.active;
  const bool admitted = server.admitted < server.cap;
  if (admitted) ++server.admitted;
  ParkedCoroutine waiter("connection");
  stream->set_waiter(waiter);
  const auto registered = server.waiters.insert(server.waiters.end(), &waiter);
  try {
    Ending ending = Ending::close;
    if (admitted) {
      co_await serve_requests(server, *stream, waiter, ending);
    } else {
      const std::string why = "the server is serving " + std::to_string(server.cap) +
                              " connections, the most it serves at once; try again later";
      // Answered before the request is read: close_gracefully reads it.
      co_await send_reply(server, *stream, error_reply(503, why), false,
                          "turned away (" + std::to_string(server.cap) + " connections open)",
                          server.loop.clock().now());
      ending = Ending::gracefully;
    }
    if (ending == Ending::gracefully) co_await close_gracefully(server, *stream);
  } catch (const Cancelled&) {
    // The server is stopping.
  } catch (const NetError& error) {
    server.log->debug("connection dropped: {}", error.what());
  } catch (const std::exception& error) {
    // One client's trouble (a libuv error, memory) ends its connection, never the server, and
    // is still counted out, or a stop would wait for it forever.
    server.log->warn("connection dropped: {}", error.what());
  }
  // Closed now, not when the frame is freed: the client sees the end of the stream at once,
  // and the descriptor is free for the next client.
  stream.reset();
  server.waiters.erase(registered);
  if (admitted) --server.admitted;
  --server.active;
  server.finished.push_back(self);
}

Task accept_clients(Server& server, TcpListener& listener) {
  try {
    for (;;) {
      std::unique_ptr<TcpStream> stream = co_await listener.accept();
      if (!stream) continue;
      const Connections::iterator self = server.connections.emplace(server.connections.end());
      *self = handle_connection(server, std::move(stream), self);
      self->start();
    }
  } catch (const Cancelled&) {
    // The server is stopping.
  }
}

}  // namespace

std::size_t connection_cap(const ServerLimits& limits, std::uint64_t open_file_limit) {
  const std::uint64_t reserve = std::min<std::uint64_t>(open_file_limit / 2, 256);
  return static_cast<std::size_t>(std::max<std::uint64_t>(
      1, std::min<std::uint64_t>(limits.max_connections, open_file_limit - reserve)));
}

int serve(const ServeOptions& options, const StopSignal& stop,
          const std::function<void(std::uint16_t port)>& listening) {
  // A client per socket: thousands at once need more than the usual soft limit of 1024.
  const std::uint64_t open_files = raise_open_file_limit();
  auto log = std::make_shared<spdlog::logger>(
      "serve",
      options.log_sink ? options.log_sink : std::make_shared<spdlog::sinks::stderr_sink_mt>());
  log->set_pattern("asyncdemo serve: %H:%M:%S.%e %v");
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine accepting("acceptor");
  std::optional<TcpListener> listener;
  try {
    listener.emplace(loop, options.host, options.port, accepting);
  } catch (const NetError& error) {
    const std::string what = error.what();
    const bool bad_host = what.find("not an IP address") != std::string::npos;
    print_error("serve: " + what +
                (bad_host ? std::string(" (see asyncdemo serve --help)")
                          : std::string("; expected a free --port, or --port 0 to pick one")));
    // A host that is no address is bad input; a port taken is the machine's state.
    return bad_host ? 2 : 1;
  }
  const ServerLimits& limits = options.limits;
  Server server{loop, limits, log, connection_cap(limits, open_files)};
  StopServing stop_serving(server, accepting);
  loop.set_stop_handler(&stop_serving);
  log->info(
      "at most {} connections at once; a request head within {}, an idle connection for {}, a "
      "reply sent within {}, a close after {} at most",
      server.cap, format_duration(limits.header_timeout), format_duration(limits.idle_timeout),
      format_duration(limits.send_timeout), format_duration(limits.linger));
  listening(listener->port());
  {
    Task acceptor = accept_clients(server, *listener);
    acceptor.start();
    // Each turn of the loop frees the connections that ended in it.
    loop.run_until([&] {
      server.reap();
      return acceptor.done() && server.active == 0;
    });
    server.reap();
  }
  listener.reset();
  log->info("stopped after {} request{}", server.served, server.served == 1 ? "" : "s");
  return exit_code_for(stop.reason());
}

int serve_command(const ServeOptions& options) {
  StopSignal stop;
  stop.catch_process_signals();
  return serve(options, stop, [&options](std::uint16_t port) {
    const std::string host =
        options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::printf("asyncdemo serve: listening on http://%s:%u (Ctrl-C stops)\n", host.c_str(),
                static_cast<unsigned>(port));
    std::fflush(stdout);
  });
}

}  // namespace asyncdemo
