#pragma once

#include <string>
#include <string_view>

#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// The JSON-lines fields as CSV for spreadsheets: a header row, then one row per event with the
// same field names and values; a field an event lacks is empty. Quoted per RFC 4180. The columns
// are the schema's fields in their order (trace/event_schema.hpp): new fields append columns.
class CsvFormat final : public TraceSink {
 public:
  explicit CsvFormat(LineOutput& out) : out_(out) {}
  void write(const TraceEvent& event) override;
  void flush() override { out_.flush(); }

  static std::string header();
  // The row for one event, without a line break. Public for tests.
  static std::string row(const TraceEvent& event);
  // `text` as one CSV field: in double quotes, with quotes doubled, when it holds a comma, a
  // double quote, a line break or leading or trailing space; as it is otherwise.
  static std::string field(std::string_view text);

 private:
  LineOutput& out_;
  bool wrote_header_ = false;
};

}  // namespace asyncdemo
