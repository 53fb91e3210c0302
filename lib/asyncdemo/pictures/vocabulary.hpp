#pragma once

#include <span>
#include <string>
#include <string_view>

#include "asyncdemo/trace/event.hpp"

namespace asyncdemo {

// One vocabulary for every picture (the terminal chart, the SVG, Chrome JSON) and for the text
// trace's run lines: what a task can be doing, how each state is drawn and named, how a lane
// ends, and the words for a run's heading, outcome and theory. A new kind of wait is one row
// in kStates (vocabulary.cpp) and one row in the event table of task_states.cpp.
enum class State {
  running,    // on the thread (the loop, in async mode), doing its steps
  asleep,     // waiting for a timer; the loop runs the others meanwhile
  late,       // its wait is over, but the loop has not resumed it yet
  queued,     // its work waits for a pool thread
  on_thread,  // its work runs on a pool thread
  blocking,   // a blocking call holds the thread: in async mode the whole loop
  network,    // waiting for a socket: a lookup, a connect, a response
  awaiting,   // waiting for another task to end (await:)
  limited,    // waiting for a slot of a limit (acquire:)
  queueing,   // waiting for an item in a queue, or for room in it (get:, put:)
  signalled,  // waiting for an event to be set (wait:)
};

struct StateLook {
  State state;
  std::string_view name;         // the state in tooltips and slice names: "asleep"
  std::string_view legend;       // in a legend
  std::string_view legend_sync;  // in a legend of sync runs only, where the words differ
  std::string_view unicode;      // the terminal cell
  std::string_view ascii;
  std::string_view fill;  // SVG
  std::string_view stroke;
  int paint_order;  // a higher one wins a terminal cell two states share
  // The page's pattern over the colour (solid, dots, hatch, dashes, lines, cross, waves), so
  // that states read apart without colour, as the terminal's glyphs do.
  std::string_view pattern;
};

// Every state, in the order legends list them.
std::span<const StateLook> states();
const StateLook& look_of(State state);
// The legend entry of `state` in a picture of these runs: blocking reads "blocks the loop" in
// async mode, "blocks the thread" in sync mode.
std::string legend_of(State state, bool sync_runs, bool async_runs);

// Points in time on a lane.
enum class MarkKind { print, data };
struct MarkLook {
  MarkKind kind;
  std::string_view legend;
  std::string_view unicode;
  std::string_view ascii;
  std::string_view fill;
};
const MarkLook& look_of(MarkKind kind);

// How a lane ends.
enum class Ending { none, finished, failed, cancelled };
struct EndingLook {
  Ending ending;
  std::string_view legend;
  std::string_view unicode;
  std::string_view ascii;
  std::string_view colour;
};
const EndingLook& look_of(Ending ending);
// "by the timeout", "by a failure", "by Ctrl-C", ...: what cancelled a task.
std::string_view cancelled_by(StopReason reason);

// A duration as a bar's label: three significant digits at most, "1s", "1.35s", "2.11ms".
std::string label_duration(Duration d);
// A bar's label: its duration, or "asked 1s, took 2s" when the step asked for another.
std::string bar_label(Duration took, Duration asked);

// `text` on one line whatever it holds: newlines, tabs and control characters as escapes.
std::string one_line(std::string_view text);
// What arrived, as the trace shows it: a JSON body as JSON on one line, any other quoted with
// escapes; "…" where the preview stops short of the whole body.
std::string shown_body(std::string_view body, std::uint64_t bytes);

// "2 tasks, one after another: each sleep blocks the thread"; "2 tasks as coroutines on one
// event loop: a sleep lets the others run"; with nothing to wait on (or a trace from before
// runs said what they wait on), only the first half.
std::string run_heading(Mode mode, const RunFacts& run);
// How the run ended, as the text trace's closing line says it: "finished in 2.000s", "timed out
// after 1.500s: 1 finished, 2 cancelled", "failed after ...", "stopped after ...".
std::string run_outcome(const RunFacts& run);
// True when the run ended with every task finished.
bool finished_cleanly(const RunFacts& run);
// "2.000s" or "unknown"; and what theory counted: "the longest task, with 4 pool threads",
// "the sum of all sleeps"; or why it cannot know: "network".
std::string theory_total(const RunFacts& run);
std::string theory_basis(Mode mode, const RunFacts& run);
// "2.000s, the longest task" or "unknown (network)".
std::string theory_words(Mode mode, const RunFacts& run);

}  // namespace asyncdemo
