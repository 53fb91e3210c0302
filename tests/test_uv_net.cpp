// Sockets on the libuv loop, in process: a listener and a client on one loop, talking over
// 127.0.0.1. The cancellation tests matter most under ASan: a coroutine cancelled or destroyed
// in the middle of an operation must leave libuv nothing that points at freed memory.
#include <doctest/doctest.h>

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/core/cancelled.hpp"
#include "asyncdemo/core/task.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/uv_net.hpp"
#include "support/cancel_at.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

// Accepts one client and echoes what it sends, upper-cased, until it closes.
Task echo_server(TcpListener& listener, Parked& waiter, bool& done) {
  std::unique_ptr<TcpStream> client = co_await listener.accept();
  client->set_waiter(waiter);
  for (;;) {
    std::string got = co_await client->read();
    if (got.empty()) break;
    for (char& c : got) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    co_await client->write(std::move(got));
  }
  done = true;
}

// Accepts clients and never answers them.
Task silent_server(TcpListener& listener, std::vector<std::unique_ptr<TcpStream>>& clients) {
  for (;;) clients.push_back(co_await listener.accept());
}

Task client(UvLoop& loop, Parked& waiter, std::uint16_t port, std::string& reply, bool& done) {
  TcpStream stream(loop, &waiter);
  CHECK(co_await stream.resolve("127.0.0.1", port) == "127.0.0.1:" + std::to_string(port));
  co_await stream.connect();
  co_await stream.write("hello");
  reply = co_await stream.read();
  done = true;
}

// Connects, sends, and waits for an answer that never comes; records how it ended.
Task waiting_client(UvLoop& loop, Parked& waiter, std::uint16_t port, std::string& outcome) {
  try {
    TcpStream stream(loop, &waiter);
    stream.set_time_limit(loop.clock().now() + 10s, 10s);
    co_await stream.resolve("127.0.0.1", port);
    co_await stream.connect();
    co_await stream.write("anyone?");
    co_await stream.read();
    outcome = "answered";
  } catch (const Cancelled&) {
    outcome = "cancelled";
  } catch (const NetError& error) {
    outcome = error.what();
  }
}

Task limited_client(UvLoop& loop, Parked& waiter, std::uint16_t port, std::string& outcome) {
  try {
    TcpStream stream(loop, &waiter);
    stream.set_time_limit(loop.clock().now() + 50ms, 50ms);
    co_await stream.resolve("127.0.0.1", port);
    co_await stream.connect();
    co_await stream.read();
    outcome = "answered";
  } catch (const NetError& error) {
    outcome = error.what();
  }
}

// Says goodbye, half-closes, then reads what the client still sends.
Task half_closing_server(TcpListener& listener, Parked& waiter, std::string& heard) {
  std::unique_ptr<TcpStream> client = co_await listener.accept();
  client->set_waiter(waiter);
  co_await client->write("bye");
  co_await client->shutdown();
  for (std::string more = co_await client->read(); !more.empty(); more = co_await client->read()) {
    heard += more;
  }
}

Task late_talker(UvLoop& loop, Parked& waiter, std::uint16_t port, std::vector<std::string>& seen) {
  TcpStream stream(loop, &waiter);
  co_await stream.resolve("127.0.0.1", port);
  co_await stream.connect();
  seen.push_back(co_await stream.read());
  seen.push_back(co_await stream.read());  // the end of the stream: empty
  co_await stream.write("still here");
}

// A read that times out, then a read with a later deadline on the same stream.
Task patient_reader(UvLoop& loop, TcpListener& listener, Parked& waiter,
                    std::vector<std::string>& seen) {
  std::unique_ptr<TcpStream> client = co_await listener.accept();
  client->set_waiter(waiter);
  client->set_time_limit(loop.clock().now() + 30ms, 30ms);
  try {
    co_await client->read();
  } catch (const NetError& error) {
    seen.push_back(client->timed_out() ? "timed out" : error.what());
  }
  client->set_time_limit(loop.clock().now() + 5s, 5s);
  seen.push_back(co_await client->read());
  CHECK_FALSE(client->timed_out());
  client.reset();  // the writer reads the end of the stream and finishes
}

Task slow_writer(UvLoop& loop, Parked& waiter, std::uint16_t port) {
  TcpStream stream(loop, &waiter);
  co_await stream.resolve("127.0.0.1", port);
  co_await stream.connect();
  waiter.timed = true;
  waiter.deadline = loop.clock().now() + 100ms;
  co_await Park(loop, waiter);
  co_await stream.write("late");
  CHECK((co_await stream.read()).empty());  // the reader closes once it has read this
}

Task resolving_client(UvLoop& loop, Parked& waiter) {
  TcpStream stream(loop, &waiter);
  co_await stream.resolve("localhost", 80);
  co_await stream.connect();
}

}  // namespace

TEST_CASE("a stream resolves, connects, writes and reads on the loop") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine accepting, serving, talking;
  TcpListener listener(loop, "127.0.0.1", 0, accepting);
  CHECK(listener.port() != 0);
  bool server_done = false;
  bool client_done = false;
  std::string reply;
  Task server = echo_server(listener, serving, server_done);
  server.start();
  Task talk = client(loop, talking, listener.port(), reply, client_done);
  talk.start();
  loop.run_until([&] { return client_done && server_done; });
  talk.rethrow_if_failed();
  server.rethrow_if_failed();
  CHECK(reply == "HELLO");
}

TEST_CASE("a cancel resumes a coroutine waiting for I/O with Cancelled") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine accepting, waiter;
  TcpListener listener(loop, "127.0.0.1", 0, accepting);
  std::vector<std::unique_ptr<TcpStream>> clients;
  Task server = silent_server(listener, clients);
  server.start();
  std::string outcome;
  Task waiting = waiting_client(loop, waiter, listener.port(), outcome);
  waiting.start();
  testing::CancelAt cancel({&waiter, &accepting});
  cancel.deadline = clock.now() + 100ms;
  loop.call_at(cancel);
  loop.run_until([&] { return waiting.done() && server.done(); });
  CHECK(cancel.ran);
  CHECK(outcome == "cancelled");
  CHECK(clock.now() >= 100ms);
}

TEST_CASE("a time limit ends an operation with a NetError naming the limit") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine accepting, waiter;
  TcpListener listener(loop, "127.0.0.1", 0, accepting);
  std::vector<std::unique_ptr<TcpStream>> clients;
  Task server = silent_server(listener, clients);
  server.start();
  std::string outcome;
  const Duration start = clock.now();
  Task limited = limited_client(loop, waiter, listener.port(), outcome);
  limited.start();
  loop.run_until([&] { return limited.done(); });
  CHECK(clock.now() - start >= 50ms);
  CHECK(outcome == "no answer from 127.0.0.1:" + std::to_string(listener.port()) + " within 50ms");
}

TEST_CASE("a coroutine destroyed in the middle of a lookup leaves libuv nothing dangling") {
  StopSignal stop;
  RealClock clock(stop);
  std::optional<UvLoop> loop(std::in_place, clock, stop);
  ParkedCoroutine waiter;
  {
    Task lookup = resolving_client(*loop, waiter);
    lookup.start();  // suspended in resolve; destroying the frame closes the stream
  }
  loop.reset();  // runs the close callbacks and the cancelled lookup's: ASan checks the rest
  CHECK_FALSE(loop.has_value());
}

TEST_CASE("a listener refuses an address that is not an IP address") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine waiter;
  CHECK_THROWS_AS(TcpListener(loop, "not-an-address", 0, waiter), NetError);
}

TEST_CASE("raise_open_file_limit lifts the soft limit to the hard one") {
  CHECK(raise_open_file_limit() > 0);
}

TEST_CASE("a shutdown half-closes: the peer reads the end of the stream and can still send") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine accepting, serving, talking;
  TcpListener listener(loop, "127.0.0.1", 0, accepting);
  std::string heard;
  std::vector<std::string> seen;
  Task server = half_closing_server(listener, serving, heard);
  server.start();
  Task client = late_talker(loop, talking, listener.port(), seen);
  client.start();
  loop.run_until([&] { return server.done() && client.done(); });
  server.rethrow_if_failed();
  client.rethrow_if_failed();
  CHECK(seen == std::vector<std::string>{"bye", ""});
  CHECK(heard == "still here");
}

TEST_CASE("a stream whose read timed out reads again with a later deadline") {
  StopSignal stop;
  RealClock clock(stop);
  UvLoop loop(clock, stop);
  ParkedCoroutine accepting, reading, writing;
  TcpListener listener(loop, "127.0.0.1", 0, accepting);
  std::vector<std::string> seen;
  Task reader = patient_reader(loop, listener, reading, seen);
  reader.start();
  Task writer = slow_writer(loop, writing, listener.port());
  writer.start();
  loop.run_until([&] { return reader.done() && writer.done(); });
  reader.rethrow_if_failed();
  writer.rethrow_if_failed();
  CHECK(seen == std::vector<std::string>{"timed out", "late"});
}
