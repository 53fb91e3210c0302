#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "asyncdemo/formats/chrome_flows.hpp"
#include "asyncdemo/pictures/task_states.hpp"
#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// Chrome Trace Event Format (the JSON that Perfetto and chrome://tracing open), in its array
// form, one event per line, one process per mode. It shows what the lesson says:
// - the event loop (in sync mode, the main thread) is one thread: its slices ("X") are the
//   moments each task really ran on it, and the blocking calls that held it;
// - each task's life is an async track (nestable "b"/"e" events with the task's id), with its
//   waits nested inside in the states of the vocabulary (asleep, late, queued, on a thread,
//   waiting on the network, blocking), its prints and fetched data as instants ("n");
// - arrows (flow events) from what one task did to another going on because of it: a release to
//   the acquire it let through, a put to its get, a set to each waiter, an end to each awaiter;
// - each pool thread is a thread of its own, with the jobs it ran.
// Times are microseconds since the run began. The array form lets a viewer open a trace cut
// short by Ctrl-C, which lacks the closing "]".
class ChromeFormat final : public TraceSink {
 public:
  explicit ChromeFormat(LineOutput& out) : out_(out) {}
  void write(const TraceEvent& event) override;
  void finish() override;
  void flush() override { out_.flush(); }

 private:
  struct TaskTrack {
    int id = 0;
    TaskStateTracker states;
    bool begun = false;  // its "b" was written
  };
  void emit(const std::string& object);
  void name_thread(int tid, std::string_view name);
  TaskTrack& track_of(std::string_view task);
  void emit_span(std::string_view task, const TaskTrack& track, const Span& span);
  void emit_async(char phase, int id, Duration t, std::string_view name, const std::string& args);
  void emit_flow(const Flow& flow);

  LineOutput& out_;
  bool opened_ = false;
  int pid_ = 0;
  Mode mode_ = Mode::sync;
  std::map<std::string, TaskTrack, std::less<>> tracks_;
  std::vector<unsigned> pool_threads_;  // named so far in this run
  std::vector<Span> closed_;            // reused for each event
  ChromeFlows flows_;                   // of this run
  std::uint64_t flows_emitted_ = 0;     // across runs: each arrow's id is unique in the file
};

}  // namespace asyncdemo
