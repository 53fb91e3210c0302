#pragma once

#include <istream>
#include <string>
#include <vector>

#include "asyncdemo/core/result.hpp"
#include "asyncdemo/trace/stored_event.hpp"

namespace asyncdemo {

// Reads a JSON-lines trace, as --format jsonl writes it, back into events. Fields it does not
// know are skipped, since the contract lets new fields appear. Any line that is not a complete
// event of the contract, and a run without its run_end (a truncated file), is an Error naming
// `name` and the line number; then nothing at all is returned.
Result<std::vector<StoredEvent>> read_jsonl(std::istream& in, const std::string& name);

}  // namespace asyncdemo
