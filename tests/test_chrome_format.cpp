#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "asyncdemo/formats/chrome_format.hpp"
#include "asyncdemo/render.hpp"
#include "support/storing_sink.hpp"
#include "support/temp_file.hpp"

using namespace asyncdemo;
using json = nlohmann::json;

namespace {

json chrome_json_of(const std::vector<StoredEvent>& events) {
  testing::TempPath file("trace.json");
  {
    StopSignal stop;
    auto out = LineOutput::open(file.path(), stop).value();
    ChromeFormat chrome(*out);
    Trace trace;
    trace.add_sink(chrome);
    replay(events, trace);
    trace.finish();
  }
  return json::parse(file.read());
}

std::vector<json> where(const json& events, const std::string& key, const std::string& value) {
  std::vector<json> found;
  for (const json& event : events) {
    if (event.contains(key) && event[key] == value) found.push_back(event);
  }
  return found;
}

}  // namespace

TEST_CASE("ChromeFormat writes JSON with a process per mode and a named thread per task") {
  const json events =
      chrome_json_of(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})));
  REQUIRE(events.is_array());
  const auto processes = where(events, "name", "process_name");
  REQUIRE(processes.size() == 2);
  CHECK(processes[0]["ph"] == "M");
  CHECK(processes[0]["pid"] == 1);
  CHECK(processes[0]["args"]["name"] == "sync (virtual clock)");
  CHECK(processes[1]["pid"] == 2);
  CHECK(processes[1]["args"]["name"] == "async (virtual clock)");
  const auto threads = where(events, "name", "thread_name");
  REQUIRE(threads.size() == 4);
  CHECK(threads[0]["pid"] == 1);
  CHECK(threads[0]["tid"] == 1);
  CHECK(threads[0]["args"]["name"] == "one");
  CHECK(threads[1]["tid"] == 2);
  CHECK(threads[1]["args"]["name"] == "two");
}

TEST_CASE("ChromeFormat writes sleeps as complete events in microseconds") {
  const json events =
      chrome_json_of(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})));
  const auto sleeps = where(events, "cat", "sleep");
  REQUIRE(sleeps.size() == 4);
  for (const json& sleep : sleeps) {
    CHECK(sleep["ph"] == "X");
    CHECK(sleep.contains("ts"));
    CHECK(sleep.contains("dur"));
  }
  // sync: two sleeps 2 s from 1 s; async: from 0 s.
  CHECK(sleeps[1]["pid"] == 1);
  CHECK(sleeps[1]["tid"] == 2);
  CHECK(sleeps[1]["ts"].get<double>() == 1'000'000.0);
  CHECK(sleeps[1]["dur"].get<double>() == 2'000'000.0);
  CHECK(sleeps[1]["name"] == "sleep 2s");
  CHECK(sleeps[3]["pid"] == 2);
  CHECK(sleeps[3]["ts"].get<double>() == 0.0);
  CHECK(sleeps[3]["dur"].get<double>() == 2'000'000.0);
}

TEST_CASE("ChromeFormat writes prints as instant events with the text in args") {
  auto scenario = testing::scenario_of({"one=print:a \"quoted\"\\, text,sleep:1ms"});
  const json events = chrome_json_of(testing::virtual_events(scenario, Mode::async));
  const auto prints = where(events, "cat", "print");
  REQUIRE(prints.size() == 1);
  CHECK(prints[0]["ph"] == "i");
  CHECK(prints[0]["s"] == "t");
  CHECK(prints[0]["ts"].get<double>() == 0.0);
  CHECK(prints[0]["args"]["text"] == "a \"quoted\", text");
}

TEST_CASE("ChromeFormat writes blocking calls, pool queueing and pool work as complete events") {
  const json trace = chrome_json_of(testing::virtual_events(
      testing::scenario_of({"a=block:300ms", "b=work:1s", "c=work:1s"}), Mode::async));
  const auto blocks = where(trace, "cat", "block");
  REQUIRE(blocks.size() == 1);
  CHECK(blocks[0]["dur"] == 300000.0);
  const auto pool = where(trace, "cat", "pool");
  // b and c each ran 1 s on a thread; with 4 threads neither waited in the queue.
  REQUIRE(pool.size() == 2);
  for (const json& work : pool) {
    CHECK(work["name"] == "work 1s");
    CHECK(work["dur"] == 1000000.0);
  }
}
