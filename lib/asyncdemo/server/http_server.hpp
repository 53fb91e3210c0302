#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "asyncdemo/runtime/stop_signal.hpp"

namespace asyncdemo {

struct ServeOptions {
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  std::uint16_t port = 8080;       // 0: any free port (printed once listening)
};

// `asyncdemo serve`: the demo HTTP server (server/cat_api.hpp) on a libuv loop. Each connection
// is a coroutine on one UvLoop: it reads a request (limited in size and header count, see
// RequestLimits), waits the reply's delay with the loop's timers (never a blocking sleep, so
// thousands of clients wait at once), writes the reply, and keeps the connection for the next
// request if the client asked to. Each request is logged on standard error with spdlog.
// `listening` is called with the bound port once the server accepts connections. Runs until
// `stop` is requested (Ctrl-C, SIGTERM): then every connection is closed and the listener with
// them. Returns the exit code: 1 if it could not listen, else the stop's code (130 for Ctrl-C).
int serve(const ServeOptions& options, const StopSignal& stop,
          const std::function<void(std::uint16_t port)>& listening);

// The command: catches Ctrl-C and SIGTERM, serves, and once listening prints
// "listening on http://HOST:PORT" on standard output (a test reads the port from it).
int serve_command(const ServeOptions& options);

}  // namespace asyncdemo
