#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/runtime/stop_signal.hpp"

namespace spdlog::sinks {
class sink;
}

namespace asyncdemo {

// How long the server waits for a client, and how many it serves at once. The defaults are the
// documented figures (README, `asyncdemo serve`); tests shorten them.
struct ServerLimits {
  // A request head must arrive whole within this: from the moment a connection is accepted,
  // then on a kept-alive connection from the first byte of each later request (nginx's
  // client_header_timeout). A client cut off gets 408 if it had begun a request.
  Duration header_timeout = std::chrono::seconds(10);
  // A kept-alive connection may wait this long for its next request (nginx's keepalive_timeout).
  Duration idle_timeout = std::chrono::seconds(30);
  // Writing one reply to a client that does not read it (nginx's send_timeout).
  Duration send_timeout = std::chrono::seconds(10);
  // After its last reply the server half-closes the connection (the client reads its end at
  // once) and reads what the client still sends, for at most this long, before closing: closing
  // with unread bytes would reset the connection and could destroy the reply in flight
  // (RFC 9112, 9.6; nginx's lingering_timeout).
  Duration linger = std::chrono::seconds(2);
  // Connections served at once, at most; beyond them a client gets 503 at once. Lowered to fit
  // the open-file limit with a reserve (connection_cap).
  std::size_t max_connections = 10'000;
};

struct ServeOptions {
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  std::uint16_t port = 8080;       // 0: any free port (printed once listening)
  ServerLimits limits;
  // Where the log lines go; null: standard error.
  std::shared_ptr<spdlog::sinks::sink> log_sink;
};

// The connections a server with `limits` serves at once when the process may have
// `open_file_limit` descriptors: limits.max_connections, lowered to leave the server a reserve
// (half the limit, at most 256) for its own descriptors and for the 503 replies beyond the cap.
std::size_t connection_cap(const ServerLimits& limits, std::uint64_t open_file_limit);

// `asyncdemo serve`: the demo HTTP server (server/cat_api.hpp) on a libuv loop. Each connection
// is a coroutine on one UvLoop: it reads a request (limited in size and header count, see
// RequestLimits, and in time, see ServerLimits), waits the reply's delay with the loop's timers
// (never a blocking sleep, so thousands of clients wait at once), writes the reply, and keeps
// the connection for the next request if the client asked to. A connection that ends is closed
// at once. Each request is logged with spdlog. `listening` is called with the bound port once
// the server accepts connections. Runs until `stop` is requested (Ctrl-C, SIGTERM): then every
// connection is closed and the listener with them. Returns the exit code: 1 if it could not
// listen, else the stop's code (130 for Ctrl-C).
int serve(const ServeOptions& options, const StopSignal& stop,
          const std::function<void(std::uint16_t port)>& listening);

// The command: catches Ctrl-C and SIGTERM, serves, and once listening prints
// "listening on http://HOST:PORT" on standard output (a test reads the port from it).
int serve_command(const ServeOptions& options);

}  // namespace asyncdemo
