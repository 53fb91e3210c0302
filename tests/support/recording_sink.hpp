#pragma once

#include <string>
#include <vector>

#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo::testing {

// Keeps every event as one compact line, "1.000000 async one wake late=0.000000", so that tests
// can compare whole event sequences; a coordination event shows what it names and its fields
// ("1.000000 async b acquired db holders=1 waited=1s from=a").
class RecordingSink final : public TraceSink {
 public:
  void write(const TraceEvent& event) override;
  std::vector<std::string> lines;
};

}  // namespace asyncdemo::testing
