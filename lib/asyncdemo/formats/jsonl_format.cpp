#include "asyncdemo/formats/jsonl_format.hpp"

#include <charconv>
#include <cstdint>

#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

// One field of the object; the first goes without its leading comma.
void append_field(std::string& out, FieldUse use, const TraceEvent& event, bool first) {
  const Field& field = use.spec();
  const FieldValue value = load(field, event);
  if (use.presence == Presence::when_set && !value.is_set()) return;
  // The whole padded key, then cut back to its length.
  const std::size_t end = out.size() + field.json_key().size() - (first ? 1 : 0);
  const Field::Key& key = field.padded_json_key();
  if (first) {
    out.append(key.data() + 1, key.size() - 1);
  } else {
    out.append(key.data(), key.size());
  }
  out.resize(end);
  switch (value.kind) {
    case FieldKind::text:
      append_json_string(out, value.text);
      break;
    case FieldKind::seconds:
      append_seconds(out, value.seconds);
      break;
    case FieldKind::count: {
      char digits[24];
      const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value.count);
      out.append(digits, end);
      break;
    }
    case FieldKind::mode:
    case FieldKind::event:
    case FieldKind::clock:
    case FieldKind::reason:
      // Names are plain identifiers: nothing to escape.
      out += '"';
      out += value.text;
      out += '"';
      break;
  }
}

}  // namespace

std::string JsonLinesFormat::line(const TraceEvent& event) {
  std::string out;
  append_line(out, event);
  return out;
}

void JsonLinesFormat::append_line(std::string& out, const TraceEvent& event) {
  out += '{';
  bool first = true;
  for (FieldUse use : kHeadFields) {
    append_field(out, use, event, first);
    first = false;
  }
  for (FieldUse use : event_spec(event.kind).fields()) append_field(out, use, event, false);
  out += '}';
}

void JsonLinesFormat::write(const TraceEvent& event) {
  line_.clear();  // one buffer for every line: no allocation per event
  append_line(line_, event);
  out_.write_line(line_);
}

}  // namespace asyncdemo
