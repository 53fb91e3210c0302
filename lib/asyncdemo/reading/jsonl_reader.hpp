#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/trace/event_store.hpp"

namespace asyncdemo {

// The longest line a trace may have, 16 MiB: far beyond any line asyncdemo writes (a print of a
// whole task file line, escaped), and small enough that an endless line (`render /dev/zero`)
// stops at once.
inline constexpr std::size_t kMaxTraceLineBytes = 16 * 1024 * 1024;

// Reads a JSON-lines trace, as --format jsonl writes it, back into events, following the schema
// (trace/event_schema.hpp): simdjson's On-Demand parser reads each line, and any line it does
// not take whole is read again by nlohmann-json's SAX parser, whose verdict and messages
// (line and column) stand. Fields it does not know are skipped
// whatever their JSON type, since the contract lets new fields appear; numbers may take any JSON
// form (1e-3) and seconds are read exactly from their text. Any line that is not a complete
// event of the contract, a line longer than kMaxTraceLineBytes, a file cut short inside its last
// line and a run without its run_end (a truncated file) are an Error naming `name` and the line
// number (and the column, for JSON syntax); then nothing at all is returned.
Result<EventStore> read_jsonl(std::istream& in, const std::string& name);

}  // namespace asyncdemo
