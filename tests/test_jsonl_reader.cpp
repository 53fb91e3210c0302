#include <doctest/doctest.h>

#include <sstream>

#include "asyncdemo/formats/jsonl_format.hpp"
#include "asyncdemo/reading/jsonl_reader.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

std::string jsonl_of(const std::vector<StoredEvent>& events) {
  std::string text;
  for (const StoredEvent& event : events) text += JsonLinesFormat::line(event.view()) + "\n";
  return text;
}

Result<std::vector<StoredEvent>> read(const std::string& text) {
  std::istringstream in(text);
  return read_jsonl(in, "trace.jsonl");
}

std::string error_of(const std::string& text) {
  auto result = read(text);
  return result ? std::string("no error") : result.error().message();
}

constexpr const char* kRunStart =
    R"({"t":0.000000,"mode":"async","event":"run_start","clock":"virtual","tasks":1,"theory":1.000000})";
constexpr const char* kRunEnd =
    R"({"t":1.000000,"mode":"async","event":"run_end","elapsed":1.000000,"clock":"virtual","tasks":1,"finished":1,"cancelled":0,"theory":1.000000})";

}  // namespace

TEST_CASE("read_jsonl reads back exactly the events that JSON lines wrote") {
  const auto events = testing::virtual_events(
      testing::scenario_of({"one=print:tab\there \"q\" \xC3\xA9,sleep:1.5s", "two=250ms"}));
  const std::string text = jsonl_of(events);
  auto back = read(text);
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(jsonl_of(*back) == text);
  CHECK((*back)[2].text == "tab\there \"q\" \xC3\xA9");
  CHECK((*back).back().run.elapsed == 1500ms);
}

TEST_CASE("read_jsonl skips fields it does not know and decodes \\u escapes") {
  const std::string text =
      std::string(kRunStart) + "\n" +
      R"({"t":0.5,"mode":"async","event":"print","task":"a","text":"\u00e9\ud83d\ude00","new":[1]})"
      "\n" +
      kRunEnd + "\n";
  // An array value is not part of the contract's flat objects, so it is an error...
  CHECK(error_of(text).find("line 2") != std::string::npos);
  // ...but unknown strings, numbers and literals are skipped.
  const std::string fine = std::string(kRunStart) + "\n" +
                           R"({"t":0.5,"mode":"async","event":"print","task":"a",)"
                           R"("text":"\u00e9\ud83d\ude00","pid":12,"extra":true})"
                           "\n" +
                           kRunEnd + "\n";
  auto events = read(fine);
  REQUIRE_MESSAGE(events.ok(), events.error().message());
  CHECK((*events)[1].text == "\xC3\xA9\xF0\x9F\x98\x80");
  CHECK((*events)[1].t == 500ms);
}

TEST_CASE("read_jsonl names the line of a malformed or truncated line") {
  const std::string start = std::string(kRunStart) + "\n";
  CHECK(error_of(start + R"({"t":0.1,"mode":"async","event":"start","task":"a")") ==
        "trace.jsonl, line 2: the line ends before the object closes at column 51; expected one "
        "JSON object per line, as 'asyncdemo --format jsonl' writes");
  CHECK(error_of(start + "not json\n") ==
        "trace.jsonl, line 2: expected '{' at the start of the line at column 1; expected one "
        "JSON object per line, as 'asyncdemo --format jsonl' writes");
  CHECK(error_of(start + R"({"t":0.1,"mode":"async","event":"jump","task":"a"})") ==
        "trace.jsonl, line 2: unknown event \"jump\"; expected one JSON object per line, as "
        "'asyncdemo --format jsonl' writes");
  CHECK(error_of(start + R"({"t":0.1,"mode":"async","event":"start"})") ==
        "trace.jsonl, line 2: field \"task\" is missing; expected one JSON object per line, as "
        "'asyncdemo --format jsonl' writes");
  CHECK(error_of(start + R"({"t":"soon","mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is not a number; expected one JSON object per line, as "
        "'asyncdemo --format jsonl' writes");
  CHECK(error_of(start + R"({"t":-1,"mode":"async","event":"start","task":"a"})")
            .find("line 2: field \"t\" is not a count of seconds") != std::string::npos);
  CHECK(error_of(start + R"({"t":0,"mode":"both","event":"start","task":"a"})")
            .find("line 2: mode \"both\"") != std::string::npos);
  CHECK(error_of(start + R"({"t":0,"mode":"async","event":"print","task":"a","text":"x)")
            .find("line 2: the line ends inside a string") != std::string::npos);
}

TEST_CASE("read_jsonl rejects a trace that stops before its run ends") {
  CHECK(error_of(std::string(kRunStart) + "\n") ==
        "trace.jsonl, line 2: the trace ends before the run that started on line 1 ended: it is "
        "truncated; expected a run_end line for every run_start");
  CHECK(error_of(R"({"t":0,"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 1: event \"start\" outside a run; expected a run_start line before it");
  CHECK(error_of("") ==
        "trace.jsonl: holds no events; expected one JSON object per line, as 'asyncdemo --format "
        "jsonl' writes");
}

TEST_CASE("read_jsonl reads back blocking calls, pool work, failures and cancel reasons") {
  const auto events = testing::virtual_events(
      testing::scenario_of({"a=block:300ms,work:1s", "b=sleep:100ms,fail:disk full", "c=5s"}),
      Mode::async);
  const std::string text = jsonl_of(events);
  const auto read_back = read(text);
  REQUIRE(read_back.ok());
  CHECK(jsonl_of(*read_back) == text);
  std::size_t pitfalls = 0;
  for (const StoredEvent& event : *read_back) {
    if (event.kind == EventKind::unblock) CHECK(event.held == 300ms);
    if (event.kind == EventKind::fail) CHECK(event.text == "disk full");
    if (event.kind == EventKind::cancel) CHECK(event.reason == StopReason::task_failed);
    if (event.kind == EventKind::work_start) CHECK(event.worker == 1);
    if (event.kind == EventKind::run_end) CHECK(event.run.failed == 1);
    pitfalls += event.kind >= EventKind::block ? 1 : 0;
  }
  CHECK(pitfalls == 5);  // block, unblock, work_queue, work_start, fail
}

TEST_CASE("read_jsonl reads back what the tasks wait on, the pool, unknown theory and bodies") {
  const std::string text =
      R"({"t":0.000000,"mode":"async","event":"run_start","clock":"real","tasks":1,"theory":null,"waits":"sleep,fetch","threads":4})"
      "\n"
      R"({"t":0.5,"mode":"async","event":"fetch_resolved","task":"c","url":"http://h/","address":"a","seconds":0.25})"
      "\n"
      R"({"t":0.6,"mode":"async","event":"fetch_done","task":"c","url":"http://h/","status":200,"bytes":2,"seconds":0.5,"body":"{}"})"
      "\n"
      R"({"t":1.000000,"mode":"async","event":"run_end","elapsed":1.000000,"clock":"real","tasks":1,"finished":1,"cancelled":0,"theory":null,"waits":"sleep,fetch"})"
      "\n";
  auto back = read(text);
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  const RunFacts& start = (*back)[0].run;
  CHECK(start.waits == Waits{true, false, false, true});
  CHECK(start.threads == 4);
  CHECK_FALSE(start.theory_known());
  CHECK((*back)[1].seconds == 250ms);
  CHECK((*back)[2].body == "{}");
  CHECK(
      jsonl_of(*back) ==
      std::string(
          R"({"t":0.000000,"mode":"async","event":"run_start","clock":"real","tasks":1,"theory":null,"waits":"sleep,fetch","threads":4})") +
          "\n" + JsonLinesFormat::line((*back)[1].view()) + "\n" +
          JsonLinesFormat::line((*back)[2].view()) + "\n" +
          JsonLinesFormat::line((*back)[3].view()) + "\n");
  // A trace from before these fields still reads: its theory is a number.
  auto old = read(std::string(kRunStart) + "\n" + kRunEnd + "\n");
  REQUIRE(old.ok());
  CHECK((*old)[0].run.theory_known());
  CHECK((*old)[0].run.theory == 1s);
}
