#include "asyncdemo/server/http_server.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

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

// How long a client may take to send a request, or keep an idle connection open.
constexpr Duration kIdleLimit = std::chrono::seconds(30);

struct Server {
  UvLoop& loop;
  std::shared_ptr<spdlog::logger> log;
  std::size_t active = 0;  // connections open
  std::uint64_t served = 0;
  std::list<Parked*> waiters;  // every connection's parking slot, oldest first, for a stop
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
         "\r\nServer: asyncdemo\r\n\r\n" + reply.body;
}

// One client: requests in turn until it closes, asks to close, sends a bad request, idles too
// long, or the server stops.
Task handle_client(Server& server, std::unique_ptr<TcpStream> stream) {
  ++server.active;
  ParkedCoroutine waiter("connection");
  stream->set_waiter(waiter);
  const auto registered = server.waiters.insert(server.waiters.end(), &waiter);
  try {
    std::string received;
    for (;;) {
      stream->set_time_limit(server.loop.clock().now() + kIdleLimit, kIdleLimit);
      RequestParse parse = parse_request(received);
      bool closed = false;
      while (parse.status == RequestParse::incomplete) {
        const std::string more = co_await stream->read();
        if (more.empty()) {
          closed = true;
          break;
        }
        received += more;
        parse = parse_request(received);
      }
      if (closed) break;
      const Duration began = server.loop.clock().now();
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
        received.erase(0, parse.consumed);
      }
      if (reply.delay > Duration::zero()) {
        waiter.timed = true;
        waiter.deadline = server.loop.clock().now() + reply.delay;
        co_await Park(server.loop, waiter);
      }
      stream->set_time_limit(server.loop.clock().now() + kIdleLimit, kIdleLimit);
      co_await stream->write(response_text(reply, keep_alive));
      ++server.served;
      server.log->info("{} -> {} ({} bytes) after {}", what, reply.status, reply.body.size(),
                       format_duration(server.loop.clock().now() - began));
      if (!keep_alive) break;
    }
  } catch (const Cancelled&) {
    // The server is stopping.
  } catch (const NetError& error) {
    server.log->debug("connection dropped: {}", error.what());
  } catch (const std::exception& error) {
    // One client's trouble (a libuv error, memory) ends its connection, never the server, and
    // is still counted out, or a stop would wait for it forever.
    server.log->warn("connection dropped: {}", error.what());
  }
  server.waiters.erase(registered);
  --server.active;
}

Task accept_clients(Server& server, TcpListener& listener, std::list<Task>& clients) {
  try {
    for (;;) {
      std::unique_ptr<TcpStream> stream = co_await listener.accept();
      if (!stream) continue;
      // Finished clients go before new ones come, so the list stays as long as the open ones.
      for (auto it = clients.begin(); it != clients.end();) {
        it = it->done() ? clients.erase(it) : std::next(it);
      }
      clients.push_back(handle_client(server, std::move(stream)));
      clients.back().start();
    }
  } catch (const Cancelled&) {
    // The server is stopping.
  }
}

}  // namespace

int serve(const ServeOptions& options, const StopSignal& stop,
          const std::function<void(std::uint16_t port)>& listening) {
  raise_open_file_limit();  // a client per socket: thousands at once need more than 1024
  auto log =
      std::make_shared<spdlog::logger>("serve", std::make_shared<spdlog::sinks::stderr_sink_mt>());
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
  Server server{loop, log, 0, 0, {}};
  StopServing stop_serving(server, accepting);
  loop.set_stop_handler(&stop_serving);
  listening(listener->port());
  {
    std::list<Task> clients;
    Task acceptor = accept_clients(server, *listener, clients);
    acceptor.start();
    loop.run_until([&] { return acceptor.done() && server.active == 0; });
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
