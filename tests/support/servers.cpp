#include "support/servers.hpp"

#include <unistd.h>

#include <cctype>
#include <stdexcept>
#include <string_view>

namespace asyncdemo::e2e {
namespace {

// The port in a line such as "listening on http://127.0.0.1:41059 (...)", "Serving HTTP on
// 127.0.0.1 port 41059 (http://127.0.0.1:41059/)" or just "41059"; 0 if there is none.
std::uint16_t port_in(std::string_view line) {
  std::size_t at = line.find("127.0.0.1:");
  at = at == std::string_view::npos ? 0 : at + 10;
  unsigned long port = 0;
  bool digits = false;
  for (; at < line.size() && std::isdigit(static_cast<unsigned char>(line[at])) != 0; ++at) {
    port = port * 10 + static_cast<unsigned long>(line[at] - '0');
    digits = true;
  }
  return digits && port < 65536 ? static_cast<std::uint16_t>(port) : 0;
}

}  // namespace

TestServer::TestServer(const std::string& program, const std::vector<std::string>& args)
    : process_(std::make_unique<Process>(program, args)) {
  process_->read_until([this](std::string_view line) { return (port_ = port_in(line)) != 0; },
                       std::chrono::seconds(20));
  if (port_ == 0) {
    throw std::runtime_error("the server did not say its port: " + process_->out() + " " +
                             process_->err());
  }
}

std::string TestServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

TestServer start_demo_server() {
  return TestServer(asyncdemo_binary(), {"serve", "--port", "0"});
}

TestServer start_quiet_demo_server() {
  return TestServer("/bin/sh",
                    {"-c", "exec \"$0\" serve --port 0 2>/dev/null", asyncdemo_binary()});
}

TestServer start_broken_server() {
  return TestServer(find_program("python3"),
                    {"-u", std::string(ASYNCDEMO_TEST_DATA) + "/../support/broken_http_server.py"});
}

TestServer start_python_server(const std::string& folder) {
  return TestServer(find_program("python3"),
                    {"-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder});
}

}  // namespace asyncdemo::e2e
