#pragma once

#include <istream>
#include <vector>

#include "asyncdemo/command.hpp"
#include "asyncdemo/trace/event_store.hpp"
#include "asyncdemo/trace/stored_event.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

// Hands saved events to the trace as if they were happening now, then finishes it: every
// picture drawn from a saved trace is drawn by the same sinks as in a live run.
void replay(const std::vector<StoredEvent>& events, Trace& trace);
void replay(const EventStore& events, Trace& trace);

// `asyncdemo render FILE`: reads the JSON-lines trace in options.render ("-": standard input)
// and draws it, the chart by default, --svg, or --format chrome (csv, jsonl) instead, without
// running anything. A trace that cannot be read is reported, with its line, and nothing is
// drawn. Returns the exit code.
int render_command(const Options& options, std::istream& standard_input);

}  // namespace asyncdemo
