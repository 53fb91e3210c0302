// read_jsonl, the JSON-lines contract read back: what it accepts, written again by the
// JSON-lines format, reads back to events that write the same lines (the reader and the writer
// agree on every field); what it refuses is an error naming the trace.
#include <cstdint>
#include <sstream>
#include <string>

#include "asyncdemo/formats/jsonl_format.hpp"
#include "asyncdemo/reading/jsonl_reader.hpp"
#include "fuzz_check.hpp"

using namespace asyncdemo;

namespace {

std::string written(const EventStore& events) {
  std::string text;
  events.for_each(
      [&text](const TraceEvent& event) { text += JsonLinesFormat::line(event) + "\n"; });
  return text;
}

// The writer escapes bytes that are not UTF-8 as "\ufffd" but writes a real U+FFFD as it is:
// the same JSON string. Both are written alike here, so that only a real difference counts.
std::string same_replacement(std::string text) {
  const std::string escaped = "\\ufffd";
  for (std::size_t at = text.find(escaped); at != std::string::npos; at = text.find(escaped, at)) {
    text.replace(at, escaped.size(), "\xEF\xBF\xBD");
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(fuzz::as_text(data, size))};
  const Result<EventStore> events = read_jsonl(in, "trace.jsonl");
  if (!events) {
    FUZZ_CHECK(events.error().message().starts_with("trace.jsonl"), events.error().message());
    return 0;
  }
  FUZZ_CHECK(!events->empty(), "accepted a trace with no events");
  const std::string once = written(*events);
  std::istringstream again_in{once};
  const Result<EventStore> again = read_jsonl(again_in, "again.jsonl");
  FUZZ_CHECK(again.ok(), "what was written does not read back: " +
                             (again.ok() ? std::string() : again.error().message()) + "\n" + once);
  FUZZ_CHECK(again->size() == events->size(), once);
  const std::string twice = written(*again);
  FUZZ_CHECK(same_replacement(twice) == same_replacement(once),
             "written:\n" + once + "read back and written again:\n" + twice);
  return 0;
}
