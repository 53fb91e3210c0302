#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "asyncdemo/formats/formats.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/scenario/scenario.hpp"
#include "asyncdemo/schedule/scheduler.hpp"

namespace asyncdemo {

enum class ColorMode { automatic, always, never };
// The terminal lane chart: after a text trace on a terminal (automatic), always, or never.
enum class TimelineMode { automatic, always, never };

// Exit codes besides the stop codes of exit_code_for(): nothing ran because the input was bad,
// a run failed (or a task in it), or a run timed out (as timeout(1) reports it).
inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitTimeout = 124;

// Everything the command line can ask for, as plain values.
struct Options {
  std::vector<std::string> tasks;  // task specs in the order given; none: the classic example
  std::string task_file;           // one task per line; "-" is standard input
  std::optional<Mode> mode;        // none: compare, sync then async
  ClockKind clock = ClockKind::real;
  Format format = Format::text;
  bool format_given = false;  // --format was written: render converts into it, text included
  ColorMode color = ColorMode::automatic;
  std::string output;  // empty: standard output
  bool quiet = false;  // only each run's summary, no per-event lines
  TimelineMode timeline = TimelineMode::automatic;
  bool ascii = false;     // draw the chart in plain ASCII whatever the locale
  std::size_t width = 0;  // the chart's width; 0: the terminal's, else 80
  std::string svg;        // write an SVG timeline to this file; empty: none
  std::string html;       // write the interactive page to this file; empty: none
  bool explain = false;   // narrate what the loop does between the trace lines
  std::string render;     // `render FILE`: the JSON-lines trace to draw; "-" is standard input
  std::optional<Duration> timeout;                 // --timeout: per run
  Duration slow = std::chrono::milliseconds(100);  // --slow
  std::size_t threads = 0;                         // --threads; 0: UV_THREADPOOL_SIZE, else 4
  OnError on_error = OnError::cancel;              // --on-error
  // --limit, --queue, --event, as typed: what the tasks coordinate through.
  std::vector<std::string> limits;
  std::vector<std::string> queues;
  std::vector<std::string> events;
};

// --timeout and --slow: a duration, with errors naming the option and the bad token.
Result<Duration> parse_duration_option(std::string_view option, std::string_view text);
// --threads: a whole number from 1 to 1024, as libuv's pool allows.
Result<std::size_t> parse_threads(std::string_view text);

// Colour only when asked to, or on a terminal when NO_COLOR is unset or empty (no-color.org)
// and TERM is not "dumb" (a terminal that shows escape codes as text); --color always is the
// only way to force it.
bool use_color(ColorMode mode, bool terminal, const char* no_color, const char* term);

// Builds the scenario the options name: tasks from the command line, then from the file; the
// classic example when there are none.
Result<Scenario> load_scenario(const Options& options);

// Runs `command` so that no exception escapes main: out of memory is "asyncdemo: error: out of
// memory ..." and exit 1 (written without allocating), any other exception an error line with
// its message and exit 1, never std::terminate.
int run_guarded(const std::function<int()>& command) noexcept;

// Runs the command: checks every input before anything runs, runs the scenario in each mode
// asked for, and reports errors on standard error. Returns the process exit code.
int run_command(const Options& options);

}  // namespace asyncdemo
