#include "asyncdemo/formats/csv_format.hpp"

#include <array>

#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

// A field's value as a spreadsheet cell, before quoting.
std::string cell(const FieldValue& value) {
  switch (value.kind) {
    case FieldKind::seconds:
      return format_seconds(value.seconds);
    case FieldKind::count:
      return std::to_string(value.count);
    default:
      return std::string(value.text);
  }
}

}  // namespace

std::string CsvFormat::field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string CsvFormat::header() {
  std::string out;
  for (const Field& column : kFields) {
    if (!out.empty()) out += ',';
    out += column.name;
  }
  return out;
}

std::string CsvFormat::row(const TraceEvent& event) {
  // One column per field of the schema, in its order; a field the event lacks is empty.
  std::array<std::string, kFields.size()> cells;
  const auto fill = [&](FieldUse use) {
    const FieldValue value = load(use.spec(), event);
    if (use.presence == Presence::when_set && !value.is_set()) return;
    cells[use.field] = cell(value);
  };
  for (FieldUse use : kHeadFields) fill(use);
  for (FieldUse use : event_spec(event.kind).fields()) fill(use);
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    out += field(cells[i]);
  }
  return out;
}

void CsvFormat::write(const TraceEvent& event) {
  if (!wrote_header_) {
    out_.write_line(header());
    wrote_header_ = true;
  }
  out_.write_line(row(event));
}

}  // namespace asyncdemo
