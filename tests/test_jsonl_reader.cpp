#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "asyncdemo/formats/jsonl_format.hpp"
#include "asyncdemo/reading/jsonl_reader.hpp"
#include "support/filled_event.hpp"
#include "support/storing_sink.hpp"

using namespace asyncdemo;
using namespace std::chrono_literals;

namespace {

std::string jsonl_of(const std::vector<StoredEvent>& events) {
  std::string text;
  for (const StoredEvent& event : events) text += JsonLinesFormat::line(event.view()) + "\n";
  return text;
}

// The events read back, each as a StoredEvent, for comparisons.
Result<std::vector<StoredEvent>> read(const std::string& text) {
  std::istringstream in(text);
  Result<EventStore> store = read_jsonl(in, "trace.jsonl");
  if (!store) return store.error();
  std::vector<StoredEvent> events;
  store->for_each(
      [&events](const TraceEvent& event) { events.push_back(StoredEvent::copy(event)); });
  CHECK(events.size() == store->size());
  return events;
}

std::string error_of(const std::string& text) {
  auto result = read(text);
  return result ? std::string("no error") : result.error().message();
}

constexpr const char* kRunStart =
    R"({"t":0.000000,"mode":"async","event":"run_start","clock":"virtual","tasks":1,"theory":1.000000})";
constexpr const char* kRunEnd =
    R"({"t":1.000000,"mode":"async","event":"run_end","elapsed":1.000000,"clock":"virtual","tasks":1,"finished":1,"cancelled":0,"theory":1.000000})";

// `line` read inside a run: after a run_start unless it is one, before a run_end unless it is
// one; the event it holds.
Result<StoredEvent> read_one(const std::string& line, EventKind kind = EventKind::start) {
  const bool starts = kind == EventKind::run_start;
  const bool ends = kind == EventKind::run_end;
  auto events = read((starts ? "" : std::string(kRunStart) + "\n") + line + "\n" +
                     (ends ? "" : std::string(kRunEnd) + "\n"));
  if (!events) return events.error();
  return (*events)[starts ? 0 : 1];
}

// The message of the error of `line` between a run_start and a run_end.
std::string error_of_one(const std::string& line) {
  return error_of(std::string(kRunStart) + "\n" + line + "\n" + kRunEnd + "\n");
}

constexpr const char* kExpected =
    "expected one JSON object per line, as 'asyncdemo --format jsonl' writes";

}  // namespace

TEST_CASE("read_jsonl reads back exactly the events that JSON lines wrote") {
  const auto events = testing::virtual_events(
      testing::scenario_of({"one=print:tab\there \"q\" \xC3\xA9,sleep:1.5s", "two=250ms"}));
  const std::string text = jsonl_of(events);
  auto back = read(text);
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(jsonl_of(*back) == text);
  CHECK((*back)[2].view().text == "tab\there \"q\" \xC3\xA9");
  CHECK((*back).back().view().run->elapsed == 1500ms);
}

TEST_CASE("read_jsonl reads back every kind of event with every field the schema gives it") {
  for (const EventSpec& spec : kEvents) {
    CAPTURE(spec.name);
    const testing::FilledEvent written(spec.kind);
    const std::string line = JsonLinesFormat::line(written.event());
    Result<StoredEvent> back = read_one(line, spec.kind);
    REQUIRE_MESSAGE(back.ok(), back.error().message());
    const TraceEvent read_back = back->view();
    CHECK(read_back.kind == spec.kind);
    for (FieldUse use : kHeadFields) {
      CHECK_MESSAGE(testing::same_value(use.spec(), written.event(), read_back), use.spec().name);
    }
    for (FieldUse use : spec.fields()) {
      CHECK_MESSAGE(testing::same_value(use.spec(), written.event(), read_back), use.spec().name);
    }
    CHECK(JsonLinesFormat::line(read_back) == line);
  }
}

TEST_CASE("read_jsonl skips unknown fields of every JSON type and decodes \\u escapes") {
  auto event = read_one(
      R"({"new_string":"x","t":0.5,"new_number":-1.5e300,"mode":"async","new_true":true,)"
      R"("new_false":false,"new_null":null,"new_object":{"task":"not this","deep":[[{"a":[]}]]},)"
      R"("event":"print","new_array":[1,"two",{"three":3},[null]],"task":"a",)"
      R"("text":"\u00e9\ud83d\ude00\/","new_empty":{},"new_list":[]})");
  REQUIRE_MESSAGE(event.ok(), event.error().message());
  CHECK(event->view().task == "a");
  CHECK(event->view().text == "\xC3\xA9\xF0\x9F\x98\x80/");
  CHECK(event->view().t == 500ms);
}

TEST_CASE("read_jsonl reads numbers in every JSON form, seconds exactly") {
  auto sleep = read_one(R"({"t":1e-3,"mode":"async","event":"sleep","task":"a","seconds":0.1})");
  REQUIRE_MESSAGE(sleep.ok(), sleep.error().message());
  CHECK(sleep->view().t == 1ms);
  CHECK(sleep->view().seconds == 100ms);  // exactly 100000000 ns, as no double would give
  auto wake = read_one(R"({"t":2,"mode":"async","event":"wake","task":"a","late":25E-5})");
  REQUIRE_MESSAGE(wake.ok(), wake.error().message());
  CHECK(wake->view().t == 2s);
  CHECK(wake->view().late == 250us);
  auto sent = read_one(
      R"({"t":-0,"mode":"async","event":"fetch_sent","task":"a","url":"u","bytes":1.5e3})");
  REQUIRE_MESSAGE(sent.ok(), sent.error().message());
  CHECK(sent->view().t == 0s);
  CHECK(sent->view().bytes == 1500);
  auto work = read_one(
      R"({"t":0.000000001,"mode":"async","event":"work_start","task":"a","waited":1.0E+1,"worker":2e0})");
  REQUIRE_MESSAGE(work.ok(), work.error().message());
  CHECK(work->view().t == 1ns);
  CHECK(work->view().waited == 10s);
  CHECK(work->view().worker == 2);
}

TEST_CASE("read_jsonl refuses numbers that are not what the field holds, naming the field") {
  CHECK(error_of_one(R"({"t":-1,"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is negative: -1; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":-0.5,"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is negative: -0.5; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":1e300,"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is too large: 1e300; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":18446744073709551615,"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is too large: 18446744073709551615; " +
            std::string(kExpected));
  CHECK(error_of_one(
            R"({"t":0,"mode":"async","event":"work_end","task":"a","late":0,"worker":1.5})") ==
        "trace.jsonl, line 2: field \"worker\" is not a whole count: 1.5; " +
            std::string(kExpected));
  CHECK(
      error_of_one(
          R"({"t":0,"mode":"async","event":"work_end","task":"a","late":0,"worker":4294967296})") ==
      "trace.jsonl, line 2: field \"worker\" is too large: 4294967296; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":"soon","mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is not a number; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":{"s":1},"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is not a number; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":0,"mode":"async","event":"start","task":["a"]})") ==
        "trace.jsonl, line 2: field \"task\" is not a string; " + std::string(kExpected));
}

TEST_CASE("read_jsonl names the field an event lacks and the names a field may have") {
  CHECK(error_of_one(R"({"t":0.1,"mode":"async","event":"start"})") ==
        "trace.jsonl, line 2: field \"task\" is missing; " + std::string(kExpected));
  CHECK(error_of_one(R"({"mode":"async","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"t\" is missing; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":0.1,"mode":"async","event":"jump","task":"a"})") ==
        "trace.jsonl, line 2: unknown event \"jump\"; " + std::string(kExpected));
  CHECK(error_of_one(R"({"t":0,"mode":"both","event":"start","task":"a"})") ==
        "trace.jsonl, line 2: field \"mode\" is \"both\", not \"sync\" or \"async\"; " +
            std::string(kExpected));
  CHECK(error_of(
            R"({"t":0,"mode":"sync","event":"run_start","clock":"wall","tasks":1,"theory":1})") ==
        "trace.jsonl, line 1: field \"clock\" is \"wall\", not \"real\" or \"virtual\"; " +
            std::string(kExpected));
  // A reason from a later version reads as none, so that its traces stay readable.
  auto cancel = read_one(R"({"t":0,"mode":"async","event":"cancel","task":"a","reason":"meteor"})");
  REQUIRE_MESSAGE(cancel.ok(), cancel.error().message());
  CHECK(cancel->view().reason == StopReason::none);
  CHECK(cancel->view().at.empty());
}

TEST_CASE("read_jsonl names the line, the column and the text there of a JSON syntax error") {
  const std::string start = std::string(kRunStart) + "\n";
  CHECK(error_of(start + R"({"t":0.1,"mode":"async","event":"start","task":"a")" + "\n") ==
        "trace.jsonl, line 2, column 51: unexpected end of input in '…\",\"task\":\"a\"'; "
        "expected '}' (one JSON object "
        "per line, as 'asyncdemo --format jsonl' writes)");
  CHECK(error_of(start + "not json\n") ==
        "trace.jsonl, line 2, column 2: invalid literal in 'not json'; " + std::string(kExpected));
  CHECK(error_of(start + R"({"t":0.,"mode":"async"})" + "\n") ==
        "trace.jsonl, line 2, column 8: invalid number in '{\"t\":0.,\"mode\":\"async\"}'; "
        "expected digit after '.' (one JSON object "
        "per line, as 'asyncdemo --format jsonl' writes)");
  CHECK(error_of(start + R"({"t":0} {"t":1})" + "\n") ==
        "trace.jsonl, line 2, column 9: unexpected '{' in '{\"t\":0} {\"t\":1}'; expected end of "
        "input (one JSON object "
        "per line, as 'asyncdemo --format jsonl' writes)");
  CHECK(error_of(start + "  [1, 2]\n") ==
        "trace.jsonl, line 2, column 3: not a JSON object; " + std::string(kExpected));
  CHECK(error_of(start + "42\n") ==
        "trace.jsonl, line 2, column 1: not a JSON object; " + std::string(kExpected));
  // What the parser last read is left out: it can be a whole line.
  CHECK(error_of(start + R"({"t":0,"text":"a)" + std::string(1000, 'x') + "\x01\"}\n")
            .starts_with("trace.jsonl, line 2, column 1017: invalid string: control character "
                         "U+0001 (SOH) must be escaped to \\u0001 in "
                         "'…xxxxxxxxxxxx\\u0001\"}'; "));
  // A byte that is not UTF-8 shows as U+FFFD, so the message stays printable.
  CHECK(error_of(start + "\xff\xfe\n")
            .starts_with(
                "trace.jsonl, line 2, column 1: invalid literal in '\xEF\xBF\xBD\xEF\xBF\xBD'; "));
}

TEST_CASE("read_jsonl refuses what nlohmann-json refuses, however fast the line is read") {
  // Each is refused by the careful parser; the fast one must not take any of them.
  const std::string head = R"({"t":0,"mode":"async","event":"start","task":"a",)";
  for (const std::string& bad :
       {head + R"("x":[1,tru]})", head + R"("x":{"y":nul}})", head + R"("x":01})",
        head + R"("x":"tab	inside"})", head + R"("x":"\q"})", head + "\"x\":\"\xff\"}",
        head + R"("x":1}x)", head + R"("x":1,})"}) {
    CAPTURE(bad);
    CHECK(error_of_one(bad).starts_with("trace.jsonl, line 2, column "));
  }
}

TEST_CASE("read_jsonl reads numbers past 64 bits and -0 as nlohmann-json hands them over") {
  const auto sent = [](const std::string& bytes) {
    return read_one(R"({"t":0,"mode":"async","event":"fetch_sent","task":"a","url":"u","bytes":)" +
                    bytes + "}");
  };
  CHECK(sent("-0")->view().bytes == 0);
  CHECK(sent("18446744073709551615")->view().bytes == 18446744073709551615u);
  CHECK(
      error_of_one(
          R"({"t":0,"mode":"async","event":"fetch_sent","task":"a","url":"u","bytes":18446744073709551616})") ==
      "trace.jsonl, line 2: field \"bytes\" is too large: 18446744073709551616; " +
          std::string(kExpected));
  CHECK(
      error_of_one(
          R"({"t":0,"mode":"async","event":"fetch_sent","task":"a","url":"u","bytes":-9223372036854775809})")
          .find("field \"bytes\" is negative") != std::string::npos);
  // A key written twice: the last value counts, as the careful parser has it.
  CHECK(read_one(R"({"t":0,"mode":"async","event":"start","task":"a","task":"b"})")->view().task ==
        "b");
}

TEST_CASE("read_jsonl stops at a line longer than the maximum, naming it, without reading on") {
  const std::string start = std::string(kRunStart) + "\n";
  std::string text = start + std::string(kMaxTraceLineBytes + 1, ' ') + "\n" + kRunEnd + "\n";
  CHECK(error_of(text) ==
        "trace.jsonl, line 2: the line is longer than 16777216 bytes, the most a trace line may "
        "have; " +
            std::string(kExpected));
  // An endless line without a newline (render /dev/zero) stops there too.
  CHECK(error_of(start + std::string(kMaxTraceLineBytes + 1, '\0'))
            .starts_with("trace.jsonl, line 2: the line is longer than 16777216 bytes"));
  // A line of the maximum length is a line like any other (here, of spaces: a blank one).
  CHECK(read(start + std::string(kMaxTraceLineBytes, ' ') + "\n" + kRunEnd + "\n").ok());
}

TEST_CASE("read_jsonl says a trace was cut short when its last line is torn") {
  const std::string start = std::string(kRunStart) + "\n";
  for (const std::string& torn :
       {std::string(R"({"t)"), std::string(R"({"t":0.)"),
        std::string(R"({"t":0.5,"mode":"async","event":"start")"),
        std::string(R"({"t":0.5,"mode":"async","event":"print","task":"a","text":"caf)"
                    "\xC3")}) {
    CAPTURE(torn);
    CHECK(error_of(start + torn) ==
          "trace.jsonl, line 2: the trace is cut short: the file ends inside this line; "
          "expected a whole trace, with a run_end line for every run_start");
  }
  // A line that ends early but is followed by a newline is malformed, not cut short.
  CHECK(error_of(start + R"({"t)" + "\n").starts_with("trace.jsonl, line 2, column 4: "));
  // A last line that is whole but lacks its newline is read.
  CHECK(read(start + kRunEnd).ok());
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
  CHECK(error_of(std::string(kRunStart) + "\n" + kRunStart + "\n") ==
        "trace.jsonl, line 2: a run starts before the previous one ended; expected a run_end for "
        "the run that started on line 1");
}

TEST_CASE("read_jsonl skips blank lines and accepts CRLF line ends") {
  auto events = read("\n" + std::string(kRunStart) + "\r\n  \t\r\n\n" + kRunEnd + "\r\n\n");
  REQUIRE_MESSAGE(events.ok(), events.error().message());
  CHECK(events->size() == 2);
  CHECK(error_of("\n\n" + std::string(kRunStart) + "\n\nx\n").starts_with("trace.jsonl, line 5, "));
}

TEST_CASE("read_jsonl reads a trace without the run statistics that came later") {
  auto events = read(std::string(kRunStart) + "\n" + kRunEnd + "\n");
  REQUIRE_MESSAGE(events.ok(), events.error().message());
  const RunFacts& run = *(*events)[1].view().run;
  CHECK(run.elapsed == 1s);
  CHECK(run.finished == 1);
  CHECK(run.events == 0);
  CHECK(run.stopped_by == StopReason::none);
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
  for (const StoredEvent& stored : *read_back) {
    const TraceEvent event = stored.view();
    if (event.kind == EventKind::unblock) CHECK(event.held == 300ms);
    if (event.kind == EventKind::fail) CHECK(event.text == "disk full");
    if (event.kind == EventKind::cancel) CHECK(event.reason == StopReason::task_failed);
    if (event.kind == EventKind::work_start) CHECK(event.worker == 1);
    if (event.kind == EventKind::run_end) CHECK(event.run->failed == 1);
    pitfalls += event.kind >= EventKind::block ? 1 : 0;
  }
  CHECK(pitfalls == 5);  // block, unblock, work_queue, work_start, fail
}

TEST_CASE("read_jsonl reads back what the tasks wait on, the pool, theory's bound and bodies") {
  const std::string text =
      R"({"t":0.000000,"mode":"async","event":"run_start","clock":"real","tasks":1,"theory":0.000000,"waits":"sleep,fetch","threads":4})"
      "\n"
      R"({"t":0.5,"mode":"async","event":"fetch_resolved","task":"c","url":"http://h/","address":"a","seconds":0.25})"
      "\n"
      R"({"t":0.6,"mode":"async","event":"fetch_done","task":"c","url":"http://h/","status":200,"bytes":2,"seconds":0.5,"body":"{}"})"
      "\n"
      R"({"t":1.000000,"mode":"async","event":"run_end","elapsed":1.000000,"clock":"real","tasks":1,"finished":1,"cancelled":0,"theory":0.000000,"waits":"sleep,fetch"})"
      "\n";
  auto back = read(text);
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  const RunFacts& start = *(*back)[0].view().run;
  CHECK(start.waits == Waits{true, false, false, true});
  CHECK(start.threads == 4);
  CHECK_FALSE(start.theory_known());
  CHECK((*back)[1].view().seconds == 250ms);
  CHECK((*back)[2].view().body == "{}");
  CHECK(
      jsonl_of(*back) ==
      std::string(
          R"({"t":0.000000,"mode":"async","event":"run_start","clock":"real","tasks":1,"theory":0.000000,"waits":"sleep,fetch","threads":4})") +
          "\n" + JsonLinesFormat::line((*back)[1].view()) + "\n" +
          JsonLinesFormat::line((*back)[2].view()) + "\n" +
          JsonLinesFormat::line((*back)[3].view()) + "\n");
  // A trace from before these fields still reads, its theory whole.
  auto old = read(std::string(kRunStart) + "\n" + kRunEnd + "\n");
  REQUIRE(old.ok());
  CHECK((*old)[0].view().run->theory_known());
  CHECK((*old)[0].view().run->theory == 1s);
}

TEST_CASE("read_jsonl reports a stream that fails as unreadable, naming the last line read") {
  // Serves its text in one full read (padded with spaces, so that it does not look like the end
  // of the stream), then fails as a disk does.
  class Failing : public std::streambuf {
   public:
    explicit Failing(std::string text) : text_(std::move(text)) {}

   protected:
    std::streamsize xsgetn(char* out, std::streamsize size) override {
      if (served_ || text_.empty()) throw std::ios_base::failure("input/output error");
      served_ = true;
      const auto n = std::min(size, static_cast<std::streamsize>(text_.size()));
      text_.copy(out, static_cast<std::size_t>(n));
      std::fill(out + n, out + size, ' ');
      return size;
    }
    int_type underflow() override { throw std::ios_base::failure("input/output error"); }

   private:
    std::string text_;
    bool served_ = false;
  };
  Failing after_one(std::string(kRunStart) + "\n");
  std::istream in(&after_one);
  auto events = read_jsonl(in, "trace.jsonl");
  REQUIRE_FALSE(events.ok());
  CHECK(events.error().message() ==
        "trace.jsonl: could not be read after line 1; expected a readable file");
  Failing at_once("");
  std::istream nothing(&at_once);
  auto none = read_jsonl(nothing, "trace.jsonl");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message() == "trace.jsonl: could not be read; expected a readable file");
}
