#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

// Servers the network tests start themselves, on 127.0.0.1 at a port the system picks: the
// built-in `asyncdemo serve --port 0`, Python's http.server, and tests/support's broken server.
namespace asyncdemo::e2e {

using asyncdemo::find_program;

// A server process and the port it said it listens on. Killed (and reaped) when destroyed.
class TestServer {
 public:
  // Starts `program args` and waits for a line of standard output that names its port.
  TestServer(const std::string& program, const std::vector<std::string>& args);
  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path) const;
  Process& process() { return *process_; }

 private:
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
};

// `asyncdemo serve --port 0`.
TestServer start_demo_server();
// The same with its request log thrown away, for a test that makes more requests than a pipe
// nobody reads meanwhile can hold lines for (the server would block writing its log).
TestServer start_quiet_demo_server();
// tests/support/broken_http_server.py.
TestServer start_broken_server();
// python3 -m http.server, serving `folder`.
TestServer start_python_server(const std::string& folder);

}  // namespace asyncdemo::e2e
