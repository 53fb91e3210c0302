// fetch:URL against servers the tests start on 127.0.0.1: the built-in demo server, Python's
// http.server and a deliberately broken server. They run the asyncdemo binary, so in the
// sanitize build every path (errors, timeouts, cancellation) runs under ASan and UBSan too.
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <unistd.h>

#include "asyncdemo/net/body_budget.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "asyncdemo/steps/fetch_step.hpp"
#include "support/process.hpp"
#include "support/recording_sink.hpp"
#include "support/servers.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace asyncdemo::e2e;
using Wall = std::chrono::steady_clock;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++n;
  }
  return n;
}

double seconds_since(Wall::time_point start) {
  return std::chrono::duration<double>(Wall::now() - start).count();
}

}  // namespace

TEST_CASE("FetchStep::parse takes an http URL and refuses https") {
  auto step = FetchStep::parse("http://127.0.0.1:8080/cats/1");
  REQUIRE(step.ok());
  CHECK(step.value()->spec() == "fetch:http://127.0.0.1:8080/cats/1");
  CHECK(step.value()->needs_real_time());
  auto tls = FetchStep::parse("https://127.0.0.1/");
  REQUIRE_FALSE(tls.ok());
  CHECK(contains(tls.error().message(), "no TLS"));
}

TEST_CASE("ten 200 ms fetches overlap async and queue up sync") {
  TestServer server = start_demo_server();
  const std::string task = "f*10=fetch:" + server.url("/cats/1?delay=200ms");

  const auto async_start = Wall::now();
  const ProcessResult async = run_asyncdemo({"--async", "--quiet", task});
  const double async_seconds = seconds_since(async_start);
  INFO(async.describe());
  CHECK(async.exit_code == 0);
  CHECK(async_seconds >= 0.2);
  CHECK(async_seconds < 0.9);  // well under 1 s, even on a loaded machine

  const auto sync_start = Wall::now();
  const ProcessResult sync = run_asyncdemo({"--sync", "--quiet", task});
  const double sync_seconds = seconds_since(sync_start);
  INFO(sync.describe());
  CHECK(sync.exit_code == 0);
  CHECK(sync_seconds >= 2.0);
  CHECK(sync_seconds < 10.0);
}

TEST_CASE("a fetch records each stage in the JSON-lines trace, which render reads back") {
  TestServer server = start_demo_server();
  const std::string url = server.url("/cats/2?delay=50ms");
  const ProcessResult run =
      run_asyncdemo({"--async", "--format", "jsonl", "cat=fetch:" + url + ",print:got it"});
  INFO(run.describe());
  REQUIRE(run.exit_code == 0);
  const std::string address = "127.0.0.1:" + std::to_string(server.port());
  const std::size_t resolved =
      run.out.find("\"event\":\"fetch_resolved\",\"task\":\"cat\",\"url\":\"" + url +
                   "\",\"address\":\"" + address + "\"");
  const std::size_t connected = run.out.find("\"event\":\"fetch_connected\"");
  const std::size_t sent = run.out.find("\"event\":\"fetch_sent\"");
  const std::size_t first = run.out.find("\"event\":\"fetch_first_byte\"");
  const std::size_t done = run.out.find("\"event\":\"fetch_done\",\"task\":\"cat\",\"url\":\"" +
                                        url + "\",\"status\":200,\"bytes\":51,\"seconds\":0.");
  // What arrived: the body, as the server sent it.
  CHECK(contains(run.out,
                 R"(,"body":"{\"id\":2,\"name\":\"Felix\",\"breed\":\"Persian\",\"age\":15}\n"})"));
  const std::size_t printed = run.out.find("\"text\":\"got it\"");
  CHECK(resolved < connected);
  CHECK(connected < sent);
  CHECK(sent < first);
  CHECK(first < done);
  CHECK(done < printed);
  CHECK(printed != std::string::npos);

  ProcessOptions input;
  input.stdin_text = run.out;
  const ProcessResult csv = run_asyncdemo({"render", "-", "--format", "csv"}, input);
  INFO(csv.describe());
  CHECK(csv.exit_code == 0);
  CHECK(contains(csv.out, ",url,address,status,bytes"));
  CHECK(contains(csv.out, "fetch_done,cat,"));
  const ProcessResult chart = run_asyncdemo({"render", "-", "--timeline", "--ascii"}, input);
  CHECK(chart.exit_code == 0);
}

TEST_CASE("a fetch shows what arrived in the text trace; fetch-print prints the whole body") {
  TestServer server = start_demo_server();
  const std::string url = server.url("/cats/1?delay=10ms");
  const ProcessResult run =
      run_asyncdemo({"--async", "--color", "never", "a=fetch:" + url, "b=fetch-print:" + url});
  INFO(run.describe());
  REQUIRE(run.exit_code == 0);
  CHECK(contains(run.out, "a  fetched " + url + ": status 200, 48 bytes in "));
  CHECK(contains(run.out, "s: {\"id\":1,\"name\":\"Tom\",\"breed\":\"Siamese\",\"age\":8}\n"));
  CHECK(contains(run.out,
                 "b  printed \"{\"id\":1,\"name\":\"Tom\",\"breed\":\"Siamese\",\"age\":8}\"\n"));
  CHECK(contains(run.out, "-- finished in "));
  CHECK(contains(run.out, "theory: unknown (network)"));
  CHECK(contains(run.out, "-- 2 tasks, 18 events; "));  // no lateness: nothing slept
  CHECK_FALSE(contains(run.out, "wake lateness"));
}

TEST_CASE("body_preview keeps the first bytes, never part of a UTF-8 sequence") {
  CHECK(body_preview("short") == "short");
  const std::string ascii(150, 'a');
  CHECK(body_preview(ascii).size() == kBodyPreviewBytes);
  // 99 bytes, then a 2-byte sequence across the cut: it is left out whole.
  const std::string across = std::string(99, 'a') + "\xC3\xA9" + "tail";
  CHECK(body_preview(across) == std::string(99, 'a'));
  // A sequence that ends right at the cut is kept.
  const std::string before = std::string(98, 'a') + "\xC3\xA9" + "tail";
  CHECK(body_preview(before) == std::string(98, 'a') + "\xC3\xA9");
}

TEST_CASE("fetch is refused on the virtual clock before anything runs") {
  const ProcessResult result =
      run_asyncdemo({"--clock", "virtual", "a=sleep:1s", "b=fetch:http://127.0.0.1:9/"});
  CHECK(result.exit_code == 2);
  CHECK(result.out.empty());
  CHECK(contains(result.err,
                 "task 'b': fetch:http://127.0.0.1:9/ needs the real clock (real "
                 "sockets need real time)"));
}

TEST_CASE("https and malformed URLs are refused when the tasks are parsed") {
  const ProcessResult tls = run_asyncdemo({"--async", "a=fetch:https://127.0.0.1/"});
  CHECK(tls.exit_code == 2);
  CHECK(contains(tls.err, "https is not supported"));
  const ProcessResult bad = run_asyncdemo({"--async", "a=fetch:http://127.0.0.1:99999/"});
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "above 65535"));
}

TEST_CASE("a refused connection fails only its task under --on-error continue") {
  TestServer server = start_demo_server();
  for (const char* mode : {"--async", "--sync"}) {
    const ProcessResult result =
        run_asyncdemo({mode, "--on-error", "continue", "--quiet", "a=fetch:http://127.0.0.1:9/",
                       "b=fetch:" + server.url("/cats/1?delay=0")});
    INFO(result.describe());
    CHECK(result.exit_code == 1);
    CHECK(contains(result.out, "1 finished, 1 failed"));
    CHECK(contains(result.out,
                   "a failed in fetch:http://127.0.0.1:9/: connection refused: "
                   "127.0.0.1:9"));
  }
}

TEST_CASE("a failed fetch cancels the others under --on-error cancel") {
  TestServer server = start_demo_server();
  const auto start = Wall::now();
  const ProcessResult result =
      run_asyncdemo({"--async", "--quiet", "a=sleep:50ms,fetch:http://127.0.0.1:9/",
                     "b=fetch:" + server.url("/delay/5s")});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(seconds_since(start) < 4.0);
  CHECK(contains(result.out, "0 finished, 1 failed, 1 cancelled"));
}

TEST_CASE("a failed lookup fails its task") {
  // A label longer than 63 characters fails inside the resolver, without a DNS query.
  const std::string host = std::string(64, 'x') + ".invalid";
  const ProcessResult result =
      run_asyncdemo({"--async", "--quiet", "a=fetch:http://" + host + "/"});
  INFO(result.describe());
  CHECK(result.exit_code == 1);
  CHECK(contains(result.out, "lookup of '" + host + "' failed"));
}

TEST_CASE("a broken server fails the task with a message saying what was wrong") {
  TestServer server = start_broken_server();
  const std::vector<std::pair<std::string, std::string>> cases{
      {"/garbage", "not an HTTP/1.x response"},
      {"/huge", "the response is too large: Content-Length 9999999999"},
      {"/endless", "the response is too large: the body is above the limit of 8388608 bytes"},
      {"/reset", "connection reset by 127.0.0.1:"},
      {"/cut", "the connection closed before the whole body arrived"},
      {"/two-lengths", "two different Content-Length headers ('5' and '7')"},
      {"/no-status-line", "not an HTTP/1.x response (it starts '{\"id\": 1}')"},
  };
  for (const auto& [path, message] : cases) {
    for (const char* mode : {"--async", "--sync"}) {
      const ProcessResult result = run_asyncdemo({mode, "--quiet", "a=fetch:" + server.url(path)});
      INFO(path, " ", mode, " ", result.describe());
      CHECK(result.exit_code == 1);
      CHECK(contains(result.out, message));
    }
  }
}

TEST_CASE("a chunked response is read to its end") {
  TestServer server = start_broken_server();
  const ProcessResult result =
      run_asyncdemo({"--sync", "--format", "jsonl", "a=fetch:" + server.url("/chunked")});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "\"status\":200,\"bytes\":11,"));
}

TEST_CASE("a server that never answers is cut off by --timeout in both modes") {
  TestServer server = start_broken_server();
  for (const char* mode : {"--async", "--sync"}) {
    const auto start = Wall::now();
    const ProcessResult result = run_asyncdemo(
        {mode, "--quiet", "--timeout", "300ms", "a=fetch:" + server.url("/silent"), "b=sleep:5s"});
    const double elapsed = seconds_since(start);
    INFO(mode, " ", result.describe());
    CHECK(result.exit_code == 124);
    CHECK(elapsed >= 0.3);
    CHECK(elapsed < 3.0);
    CHECK(contains(result.out, "timed out after"));
  }
}

TEST_CASE("Ctrl-C cancels fetches under way and the program exits at once") {
  TestServer server = start_demo_server();
  Process run(asyncdemo_binary(),
              {"--async", "f*50=fetch:" + server.url("/delay/10s"), "--no-timeline"});
  REQUIRE(run.read_until("f50  sent the request", std::chrono::seconds(10)));
  run.send_signal(SIGINT);
  const ProcessResult result = run.wait(std::chrono::seconds(10));
  INFO(result.describe());
  CHECK(result.exit_code == 130);
  CHECK(count(result.out, "cancelled in fetch:") == 50);
}

TEST_CASE("fetch reads a file from Python's http.server") {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("asyncdemo-fetch-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "cat.json") << std::string(100000, 'm');
  {
    TestServer server = start_python_server(folder.string());
    const ProcessResult result =
        run_asyncdemo({"--compare", "--format", "jsonl", "a=fetch:" + server.url("/cat.json"),
                       "b=fetch:" + server.url("/missing")});
    INFO(result.describe());
    CHECK(result.exit_code == 0);
    CHECK(count(result.out, "\"status\":200,\"bytes\":100000,") == 2);
    CHECK(count(result.out, "\"status\":404,") == 2);
  }
  std::filesystem::remove_all(folder);
}

TEST_CASE("1,000 concurrent fetches against the built-in server all arrive, correct") {
  TestServer server = start_quiet_demo_server();
  // A soft limit of 256 open files: asyncdemo lifts it to the hard limit itself.
  const ProcessResult result =
      run_process("/bin/sh",
                  {"-c", "ulimit -S -n 256 && exec \"$0\" \"$@\"", asyncdemo_binary(), "--async",
                   "--format", "jsonl", "c*1000=fetch:" + server.url("/cats/7?delay=200ms")},
                  {}, std::chrono::seconds(60));
  INFO(result.describe().substr(0, 2000));
  CHECK(result.exit_code == 0);
  CHECK(count(result.out, "\"event\":\"fetch_done\"") == 1000);
  CHECK(count(result.out, "\"status\":200,\"bytes\":51,") == 1000);
  CHECK(contains(result.out, "\"finished\":1000,\"cancelled\":0,"));
}

TEST_CASE("a sync fetch does not keep a later async run from sizing the thread pool") {
  TestServer server = start_demo_server();
  const ProcessResult result =
      run_asyncdemo({"--compare", "--quiet", "--threads", "8",
                     "a=fetch:" + server.url("/cats/1?delay=0") + ",work:10ms"});
  INFO(result.describe());
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, "speed-up"));
}

TEST_CASE("a fetch that would take the body budget past its limit fails alone, naming it") {
  // In process, with the budget lowered for the test: the real one is 256 MiB.
  struct LowerBudget {
    std::size_t was = fetch_body_budget().limit();
    LowerBudget() { fetch_body_budget().set_limit(1024 * 1024); }
    ~LowerBudget() { fetch_body_budget().set_limit(was); }
  } lower;
  TestServer broken = start_broken_server();
  TestServer demo = start_demo_server();
  const Scenario scenario = testing::scenario_of(
      {"endless=fetch:" + broken.url("/endless"), "cat*3=fetch:" + demo.url("/cats/1?delay=300ms"),
       "chunked=sleep:100ms,fetch:" + broken.url("/chunked")});
  testing::RecordingSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  RunSettings settings;
  settings.on_error = OnError::continue_;
  const RunFacts facts =
      run_scenario(scenario, Mode::async, ClockKind::real, trace, stop, settings);
  std::string failures;
  std::size_t done = 0;
  for (const std::string& line : sink.lines) {
    if (contains(line, " fail ")) failures += line + "\n";
    if (contains(line, " fetch_done")) ++done;
  }
  INFO(failures);
  CHECK(facts.failed == 1);
  CHECK(facts.finished == 4);  // the three cats and the chunked fetch went on
  CHECK(done == 4);
  CHECK(count(failures, "\n") == 1);
  CHECK(contains(failures, "async endless fail"));
  CHECK(contains(failures,
                 "the response bodies of all fetches under way are limited to 1 MiB at once, "
                 "and this one would take it past that ("));
  CHECK(fetch_body_budget().in_use() == 0);  // every fetch handed its share back
}
