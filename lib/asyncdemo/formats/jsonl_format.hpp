#pragma once

#include <string>

#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// The machine trace: one JSON object per line. This is a contract that other tools parse; its
// fields are documented in the README ("The JSON-lines trace"). Add fields, never rename them.
//
// A traced run writes millions of lines, so each line is written in place into the output's
// buffer, from a plan made once per kind of event from the schema: the keys, and the names of
// the mode and the event, are constant text; only the values that vary are formatted.
class JsonLinesFormat final : public TraceSink {
 public:
  explicit JsonLinesFormat(LineOutput& out) : out_(out) {}
  void write(const TraceEvent& event) override;
  void flush() override { out_.flush(); }

  // The object for one event, without a newline. Public for tests.
  static std::string line(const TraceEvent& event);

 private:
  LineOutput& out_;
};

}  // namespace asyncdemo
