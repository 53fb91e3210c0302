// End-to-end tests of `asyncdemo serve`: a real server process on 127.0.0.1 at a port the
// system picks, asked by clients nobody here wrote (curl, Python's urllib) and by raw sockets.
#include <doctest/doctest.h>

#include <csignal>
#include <string>
#include <thread>

#include "support/process.hpp"
#include "support/servers.hpp"

using namespace asyncdemo::e2e;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ProcessResult curl(const std::vector<std::string>& args) {
  const std::string program = find_program("curl");
  REQUIRE_MESSAGE(!program.empty(), "curl is not installed (scripts/deps installs it)");
  return run_process(program, args);
}

ProcessResult python(const std::string& code) {
  const std::string program = find_program("python3");
  REQUIRE_MESSAGE(!program.empty(), "python3 is not installed (scripts/deps installs it)");
  return run_process(program, {"-c", code});
}

}  // namespace

TEST_CASE("serve answers curl with a JSON cat after the delay asked for") {
  TestServer server = start_demo_server();
  const ProcessResult result = curl({"-s", "-i", server.url("/cats/1?delay=100ms")});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "HTTP/1.1 200 OK\r\n"));
  CHECK(contains(result.out, "Content-Type: application/json\r\n"));
  CHECK(contains(result.out, "{\"id\":1,\"name\":\"Tom\",\"breed\":\"Siamese\",\"age\":8}"));
}

TEST_CASE("serve answers Python's urllib, a 404 included") {
  TestServer server = start_demo_server();
  const ProcessResult result = python(
      "import json, urllib.request, urllib.error\n"
      "r = urllib.request.urlopen('" +
      server.url("/cats/2?delay=10ms") +
      "')\n"
      "print(r.status, json.load(r)['name'])\n"
      "r = urllib.request.urlopen('" +
      server.url("/delay/20ms") +
      "')\n"
      "print(r.status, json.load(r)['delayed'])\n"
      "try:\n"
      "    urllib.request.urlopen('" +
      server.url("/dogs/1") +
      "')\n"
      "except urllib.error.HTTPError as e:\n"
      "    print(e.code, json.load(e)['error'])\n");
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(result.out == "200 Felix\n200 0.02\n404 no such page: /dogs/1\n");
}

TEST_CASE("serve keeps a connection open for the next request") {
  TestServer server = start_demo_server();
  const ProcessResult result =
      curl({"-s", "-v", server.url("/cats/3?delay=0"), server.url("/cats/4?delay=0")});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "\"id\":3"));
  CHECK(contains(result.out, "\"id\":4"));
  CHECK(contains(result.err, "Re-using existing connection"));
}

TEST_CASE("serve refuses too many headers and too large a request head") {
  TestServer server = start_demo_server();
  std::vector<std::string> many{"-s", "-o", "/dev/null", "-w", "%{http_code}"};
  for (int i = 0; i < 70; ++i) {
    many.push_back("-H");
    many.push_back("X-Header-" + std::to_string(i) + ": 1");
  }
  many.push_back(server.url("/cats/1?delay=0"));
  CHECK(curl(many).out == "431");
  const ProcessResult big = curl({"-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                                  "X-Big: " + std::string(10000, 'a'), server.url("/cats/1")});
  CHECK(big.out == "431");
}

TEST_CASE("serve logs each request on standard error and stops cleanly on Ctrl-C") {
  TestServer server = start_demo_server();
  CHECK(curl({"-s", server.url("/cats/5?delay=0")}).exit_code == 0);
  // A client still waiting for its delay when the server stops: its connection is closed.
  Process waiting(find_program("curl"), {"-s", server.url("/delay/10s")});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server.process().send_signal(SIGINT);
  const ProcessResult result = server.process().wait(std::chrono::seconds(10));
  INFO(result.describe());
  CHECK_FALSE(result.timed_out);
  CHECK(result.exit_code == 130);
  CHECK(contains(result.err, "GET /cats/5?delay=0 -> 200"));
  CHECK(contains(result.err, "stopped after 1 request\n"));
  CHECK(waiting.wait(std::chrono::seconds(10)).exit_code != 0);  // curl saw the close
}

TEST_CASE("serve names a port that is taken and exits 1") {
  TestServer first = start_demo_server();
  const ProcessResult second = run_asyncdemo({"serve", "--port", std::to_string(first.port())});
  CHECK(second.exit_code == 1);
  CHECK(contains(second.err, "cannot listen on 127.0.0.1:" + std::to_string(first.port())));
  CHECK(contains(second.err, "address already in use"));
}

TEST_CASE("serve refuses a port out of range and a host that is not an address as bad input") {
  const ProcessResult port = run_asyncdemo({"serve", "--port", "70000"});
  CHECK(port.exit_code == 2);
  CHECK(port.err ==
        "asyncdemo: error: serve: --port: '70000' is not a port; expected a whole number from 0 "
        "to 65535 (0 picks a free port), like --port 8080\n");
  for (const char* bad : {"1.2.3.4.5", "nosuchhost"}) {
    const ProcessResult host = run_asyncdemo({"serve", "--host", bad});
    INFO(host.describe());
    CHECK(host.exit_code == 2);
    CHECK(host.out.empty());
    CHECK(host.err == "asyncdemo: error: serve: --host: '" + std::string(bad) +
                          "' is not an IP address; expected an address to listen on, like "
                          "127.0.0.1, ::1 or 0.0.0.0\n");
  }
}
