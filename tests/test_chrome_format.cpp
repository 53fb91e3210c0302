#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "asyncdemo/formats/chrome_format.hpp"
#include "asyncdemo/render.hpp"
#include "asyncdemo/schedule/scheduler.hpp"
#include "support/storing_sink.hpp"
#include "support/temp_file.hpp"
#include "support/trace_event_rules.hpp"

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

// The events of one async run on the virtual clock with these settings.
std::vector<StoredEvent> async_events(std::initializer_list<std::string> specs,
                                      RunSettings settings = {}) {
  testing::StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  settings.warn = nullptr;
  run_scenario(testing::scenario_of(specs), Mode::async, ClockKind::virtual_, trace, stop,
               settings);
  return sink.events;
}

std::vector<json> where(const json& events, const std::string& key, const json& value) {
  std::vector<json> found;
  for (const json& event : events) {
    if (event.contains(key) && event[key] == value) found.push_back(event);
  }
  return found;
}

// The thread names of one process, by tid.
std::map<int, std::string> threads_of(const json& events, int pid) {
  std::map<int, std::string> names;
  for (const json& event : where(events, "name", "thread_name")) {
    if (event["pid"] == pid) names[event["tid"].get<int>()] = event["args"]["name"];
  }
  return names;
}

// The slices nested in one task's async track, as "name from-to" in microseconds.
std::vector<std::string> waits_of(const json& events, int pid, int id) {
  std::vector<std::string> waits;
  double from = 0;
  for (const json& event : events) {
    if (event["ph"] != "b" && event["ph"] != "e") continue;
    if (event["pid"] != pid || event["id"] != id || !event["args"].is_object()) continue;
    if (event["ph"] == "b" && event["args"].contains("state")) from = event["ts"];
    if (event["ph"] == "e" && event["name"].get<std::string>().find(' ') != std::string::npos) {
      waits.push_back(event["name"].get<std::string>() + " " +
                      std::to_string(static_cast<long>(from)) + "-" +
                      std::to_string(static_cast<long>(event["ts"].get<double>())));
    }
  }
  return waits;
}

}  // namespace

TEST_CASE("trace_event_problems catches what breaks the Trace Event Format's rules") {
  CHECK(testing::trace_event_problems(json::parse(R"([
    {"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"p"}},
    {"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"t"}},
    {"name":"a","ph":"X","pid":1,"tid":1,"ts":0,"dur":10},
    {"name":"b","ph":"X","pid":1,"tid":1,"ts":2,"dur":3},
    {"name":"task","cat":"task","ph":"b","id":1,"pid":1,"tid":1,"ts":0},
    {"name":"wait","cat":"task","ph":"b","id":1,"pid":1,"tid":1,"ts":1},
    {"name":"wait","cat":"task","ph":"e","id":1,"pid":1,"tid":1,"ts":4},
    {"name":"print","cat":"task","ph":"n","id":1,"pid":1,"tid":1,"ts":4},
    {"name":"task","cat":"task","ph":"e","id":1,"pid":1,"tid":1,"ts":5}
  ])"))
            .empty());
  // Half-overlapping slices on one thread, an async end that closes the wrong slice, one never
  // ended, an unnamed thread.
  const auto problems = testing::trace_event_problems(json::parse(R"([
    {"name":"process_name","ph":"M","pid":1,"tid":0,"args":{"name":"p"}},
    {"name":"a","ph":"X","pid":1,"tid":2,"ts":0,"dur":10},
    {"name":"b","ph":"X","pid":1,"tid":2,"ts":5,"dur":10},
    {"name":"task","cat":"task","ph":"b","id":1,"pid":1,"tid":1,"ts":0},
    {"name":"wait","cat":"task","ph":"b","id":1,"pid":1,"tid":1,"ts":1},
    {"name":"task","cat":"task","ph":"e","id":1,"pid":1,"tid":1,"ts":4}
  ])"));
  std::string all;
  for (const std::string& problem : problems) all += problem + "\n";
  INFO(all);
  CHECK(problems.size() == 5);
  CHECK(all.find("half overlap on thread 2") != std::string::npos);
  CHECK(all.find("ends 'task' while 'wait' is the innermost open slice") != std::string::npos);
  CHECK(all.find("async slice 'wait' on track 1 is never ended") != std::string::npos);
  CHECK(all.find("async slice 'task' on track 1 is never ended") != std::string::npos);
  CHECK(all.find("thread 2 has slices but no name") != std::string::npos);
}

namespace {

// The events of one sync run on the virtual clock with a timeout: some tasks never start.
std::vector<StoredEvent> sync_events_with_timeout() {
  testing::StoringSink sink;
  Trace trace;
  trace.add_sink(sink);
  StopSignal stop;
  RunSettings settings;
  settings.warn = nullptr;
  settings.timeout = std::chrono::milliseconds(1500);
  run_scenario(testing::scenario_of({"a=1s", "b=work:1s", "c=block:1s", "d=1s"}), Mode::sync,
               ClockKind::virtual_, trace, stop, settings);
  return sink.events;
}

}  // namespace

TEST_CASE("ChromeFormat follows the Trace Event Format's rules, whatever the run did") {
  RunSettings settings;
  settings.threads = 2;
  settings.timeout = std::chrono::milliseconds(1500);
  for (const auto& events :
       {testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})),
        testing::virtual_events(testing::scenario_of(
            {"a=sleep:50ms,block:300ms,print:done", "b=sleep:100ms", "w*3=work:1s"})),
        async_events({"a=sleep:1s,fail:disk full", "b=2s", "c=work:3s"}),
        async_events({"a=1s", "b=sleep:2s,print:never", "c=work:3s", "d=work:1s,sleep:0"},
                     settings),
        sync_events_with_timeout()}) {
    const json trace = chrome_json_of(events);
    const auto problems = testing::trace_event_problems(trace);
    INFO(trace.dump(1));
    CHECK(problems == std::vector<std::string>{});
  }
}

TEST_CASE("ChromeFormat shows the event loop as one thread, not a thread per task") {
  const json trace =
      chrome_json_of(testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"})));
  const auto processes = where(trace, "name", "process_name");
  REQUIRE(processes.size() == 2);
  CHECK(processes[0]["args"]["name"] == "sync (virtual clock)");
  CHECK(processes[1]["args"]["name"] == "async (virtual clock)");
  CHECK(threads_of(trace, 1) == std::map<int, std::string>{{1, "main thread"}});
  CHECK(threads_of(trace, 2) == std::map<int, std::string>{{1, "event loop"}});
  // Each task ran on that one thread: its running slices are all there.
  const auto running = where(trace, "cat", "running");
  CHECK(running.size() == 8);
  std::set<std::string> ran;
  for (const json& slice : running) {
    CHECK(slice["tid"] == 1);
    ran.insert(slice["name"]);
  }
  CHECK(ran == std::set<std::string>{"one", "two"});
}

TEST_CASE("ChromeFormat gives each task an async track with its waits nested in its life") {
  const json trace = chrome_json_of(
      testing::virtual_events(testing::scenario_of({"one=1s", "two=2s"}), Mode::async));
  const auto two = where(where(trace, "name", "two"), "cat", "task");
  REQUIRE(two.size() == 2);
  CHECK(two[0]["ph"] == "b");
  CHECK(two[0]["id"] == 2);
  CHECK(two[1]["ph"] == "e");
  CHECK(two[1]["ts"] == 2'000'000.0);
  CHECK(two[1]["args"]["ended"] == "finished");
  CHECK(waits_of(trace, 2, 2) == std::vector<std::string>{"asleep 2s 0-2000000"});
  const auto prints = where(trace, "name", "print");
  REQUIRE(prints.size() == 4);
  CHECK(prints[0]["ph"] == "n");
  CHECK(prints[0]["id"] == 1);
  CHECK(prints[0]["args"]["text"] == "one started");
}

TEST_CASE("ChromeFormat shows pool threads with the jobs they ran, in waves") {
  RunSettings settings;
  settings.threads = 4;
  const json trace = chrome_json_of(async_events({"w*8=work:1s"}, settings));
  const auto threads = threads_of(trace, 2);
  CHECK(threads.size() == 5);
  CHECK(threads.at(1) == "event loop");
  CHECK(threads.at(5) == "pool thread 4");
  const auto jobs = where(trace, "cat", "pool");
  REQUIRE(jobs.size() == 8);
  std::map<int, std::vector<double>> starts;
  for (const json& job : jobs) {
    CHECK(job["dur"] == 1'000'000.0);
    starts[job["tid"].get<int>()].push_back(job["ts"]);
  }
  for (const auto& [tid, at] : starts) CHECK(at == std::vector<double>{0.0, 1'000'000.0});
  // w5 waited in the queue for the first wave, then ran on a thread.
  CHECK(waits_of(trace, 2, 5) ==
        std::vector<std::string>{"queued 1s 0-1000000", "on thread 1 1s 1000000-2000000"});
}

TEST_CASE("ChromeFormat shows a blocking call on the loop thread and the wakes it made late") {
  const json trace = chrome_json_of(async_events({"a=sleep:50ms,block:300ms", "b=sleep:100ms"}));
  const auto blocking = where(trace, "cat", "blocking");
  REQUIRE(blocking.size() == 1);
  CHECK(blocking[0]["name"] == "a: blocks the loop 300ms");
  CHECK(blocking[0]["tid"] == 1);
  CHECK(blocking[0]["dur"] == 300'000.0);
  CHECK(waits_of(trace, 2, 2) ==
        std::vector<std::string>{"asleep 100ms 0-100000", "late 250ms 100000-350000"});
}

TEST_CASE("ChromeFormat ends a failed task with its message and a cancelled one with the cause") {
  const json trace = chrome_json_of(async_events({"a=sleep:1s,fail:disk full", "b=2s"}));
  const auto a = where(where(trace, "name", "a"), "ph", "e");
  REQUIRE(a.size() == 1);
  CHECK(a[0]["args"]["ended"] == "failed");
  CHECK(a[0]["args"]["message"] == "disk full");
  const auto b = where(where(trace, "name", "b"), "ph", "e");
  REQUIRE(b.size() == 1);
  CHECK(b[0]["args"]["ended"] == "cancelled");
  CHECK(b[0]["args"]["cancelled_at"] == "sleep:2s");
  CHECK(b[0]["args"]["by"] == "failure");
}
