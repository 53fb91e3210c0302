#include "asyncdemo/render.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/outputs.hpp"
#include "asyncdemo/reading/jsonl_reader.hpp"

namespace asyncdemo {

void replay(const std::vector<StoredEvent>& events, Trace& trace) {
  for (const StoredEvent& event : events) trace.record(event.view());
}

void replay(const EventStore& events, Trace& trace) {
  events.for_each([&trace](const TraceEvent& event) { trace.record(event); });
}

int render_command(const Options& options, std::istream& standard_input) {
  const bool from_stdin = options.render == "-";
  std::ifstream file;
  if (!from_stdin) {
    file.open(options.render, std::ios::binary);
    if (!file) {
      print_error(Error{"render", "cannot read '" + options.render + "': " + std::strerror(errno),
                        "a JSON-lines trace saved with --format jsonl, or - for standard input"}
                      .message());
      return kExitUsage;
    }
  }
  // Everything is read and checked before any output is opened, so a bad trace draws nothing.
  Result<EventStore> events = read_jsonl(from_stdin ? standard_input : file,
                                         from_stdin ? "standard input" : options.render);
  if (!events) {
    print_error(events.error().within("render").message());
    return kExitUsage;
  }
  const std::size_t name_width = events->widest_task();

  StopSignal stop;
  stop.catch_process_signals();
  Result<std::unique_ptr<Outputs>> outputs =
      Outputs::open(options, Outputs::Purpose::render, name_width, 0, stop);
  if (!outputs) {
    print_error(outputs.error().message());
    return kExitUsage;
  }
  replay(*events, outputs.value()->trace());
  return outputs.value()->finish(stop);
}

}  // namespace asyncdemo
