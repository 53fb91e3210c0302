// The command line: turns arguments into asyncdemo::Options and makes one call into the
// library. The only file that includes CLI11, which is slow to compile.
#include <CLI/CLI.hpp>

#include <iostream>
#include <map>
#include <string>

#include "asyncdemo/command.hpp"
#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/core/duration.hpp"
#include "asyncdemo/render.hpp"
#include "asyncdemo/server/http_server.hpp"
#include "asyncdemo/steps/step_kinds.hpp"

namespace {

constexpr const char* kExamples = R"(Tasks:
  NAME=DURATION         print "NAME started", sleep DURATION, print "NAME resumed"
  NAME=STEP,STEP,...    steps in order; a comma inside TEXT is written \,
  NAME*COUNT=...        COUNT tasks named NAME1 ... NAMECOUNT (like w*100000=1s)
Steps: )";

constexpr const char* kMoreHelp = R"(
DURATION: a number with a unit us, ms, s, m or h (250ms, 1.5s, 2m); a bare number is seconds.

Pitfalls: block:1s holds the whole thread (time.sleep in a coroutine) and freezes the loop;
work:1s runs the same wait on the thread pool (asyncio.to_thread); fail:MESSAGE fails the task.

Examples:
  asyncdemo                          the classic asyncio example, sync then async, compared
  asyncdemo --async                  the same, asynchronously only
  asyncdemo one=1s two=2s three=500ms
  asyncdemo --sync 'greet=print:hello\, world,sleep:250ms,print:bye'
  asyncdemo --clock virtual --format jsonl year=8760h day=24h
  asyncdemo -f tasks.txt -o trace.txt
  asyncdemo --async a=sleep:50ms,block:300ms b=sleep:100ms,print:late
  asyncdemo --async --clock virtual --threads 2 a=work:1s b=work:1s c=work:1s
  asyncdemo --async --timeout 1.5s a=1s b=2s
  asyncdemo --async --on-error continue a=sleep:1s,fail:boom b=2s
  asyncdemo --async a=fetch:http://127.0.0.1:8080/cats/1 b=fetch:http://127.0.0.1:8080/cats/2
                                           with `asyncdemo serve` running in another terminal
  asyncdemo --async --quiet 'w*1000000=1s'   a million coroutines, summary only
  asyncdemo --explain --clock virtual      narrate what the event loop does between events
  asyncdemo --clock virtual --svg run.svg  an SVG timeline for slides (also: --timeline --ascii)
  asyncdemo --format chrome -o run.json    open run.json in Perfetto or chrome://tracing
  asyncdemo --clock virtual --format jsonl -o run.jsonl && asyncdemo render run.jsonl

Exit status: 0 done, 1 a task or a run failed, 2 bad input (nothing ran), 124 timed out,
130 interrupted (Ctrl-C), 143 terminated, 141 the reader of the output went away.)";

constexpr const char* kRenderHelp = R"(
Draws the lane chart of a trace saved with --format jsonl, without running anything. These
options of asyncdemo apply, written after the trace:
  --svg FILE                 write the SVG timeline instead of drawing the chart
  --format FORMAT            write the trace in FORMAT instead: text (as a live run prints it),
                             jsonl, csv, or chrome (for Perfetto, chrome://tracing)
  -o,--output FILE           write to FILE instead of standard output
  --timeline, --no-timeline, --ascii, --width N, --color WHEN

Examples:
  asyncdemo --clock virtual --format jsonl -o run.jsonl
  asyncdemo render run.jsonl
  asyncdemo render run.jsonl --svg run.svg
  asyncdemo render - --format chrome -o run.json < run.jsonl)";

constexpr const char* kServeHelp = R"(
The API (JSON answers; delays are timers, so thousands of clients wait at once):
  GET /cats/N[?delay=DURATION]  a small JSON cat after DURATION (default 500ms)
  GET /delay/DURATION           {"delayed":SECONDS} after DURATION
  anything else                 404 with a JSON error

Examples:
  asyncdemo serve                      then, in another terminal:
  asyncdemo --compare a=fetch:http://127.0.0.1:8080/cats/1 b=fetch:http://127.0.0.1:8080/cats/2
  curl -i 'http://127.0.0.1:8080/cats/3?delay=1s')";

std::string help_footer() {
  return std::string(kExamples) + asyncdemo::step_forms() + kMoreHelp;
}

}  // namespace

int main(int argc, char** argv) {
  asyncdemo::Options options;
  CLI::App app{"asyncdemo " ASYNCDEMO_VERSION
               ": watch tasks run one after another (sync) or interleaved on an event loop "
               "(async)",
               "asyncdemo"};
  app.footer(help_footer());
  app.set_version_flag("--version", "asyncdemo " ASYNCDEMO_VERSION);

  std::vector<std::string> positional_tasks;
  std::vector<std::string> option_tasks;
  auto* positional = app.add_option("tasks", positional_tasks, "Tasks to run (see Tasks below)");
  auto* task_option = app.add_option("-t,--task", option_tasks, "A task to run; repeatable")
                          ->allow_extra_args(false);
  app.add_option("-f,--file", options.task_file, "Read tasks from FILE, one per line ('-': stdin)");

  bool sync = false;
  bool async = false;
  bool compare = false;
  auto* sync_flag = app.add_flag("--sync", sync, "Run the tasks one after another, blocking");
  auto* async_flag =
      app.add_flag("--async", async, "Run the tasks as coroutines on one event loop");
  auto* compare_flag =
      app.add_flag("--compare", compare, "Run sync, then async, and compare (the default)");
  sync_flag->excludes(async_flag)->excludes(compare_flag);
  async_flag->excludes(compare_flag);

  const std::map<std::string, asyncdemo::ClockKind> clocks{
      {"real", asyncdemo::ClockKind::real}, {"virtual", asyncdemo::ClockKind::virtual_}};
  std::string clock = "real";
  app.add_option("--clock", clock, "real: wall time; virtual: jumps to each deadline, instant")
      ->check(CLI::IsMember(clocks))
      ->capture_default_str();
  std::map<std::string, asyncdemo::Format> formats;
  for (const auto& named : asyncdemo::format_names()) formats.emplace(named.name, named.format);
  std::string format = "text";
  auto* format_option = app.add_option("--format", format, "Trace format")
                            ->check(CLI::IsMember(formats))
                            ->capture_default_str();
  const std::map<std::string, asyncdemo::ColorMode> colors{
      {"auto", asyncdemo::ColorMode::automatic},
      {"always", asyncdemo::ColorMode::always},
      {"never", asyncdemo::ColorMode::never}};
  std::string color = "auto";
  app.add_option("--color", color, "Colour the text trace (auto: on a terminal, unless NO_COLOR)")
      ->check(CLI::IsMember(colors))
      ->capture_default_str();
  app.add_option("-o,--output", options.output, "Write the trace to FILE instead of stdout");
  std::string timeout;
  app.add_option("--timeout", timeout,
                 "Cancel every unfinished task DURATION after the run starts (exit 124)")
      ->type_name("DURATION");
  std::string slow = "100ms";
  app.add_option("--slow", slow, "Warn when a blocking call holds the event loop this long")
      ->type_name("DURATION")
      ->capture_default_str();
  std::string threads;
  app.add_option("--threads", threads,
                 "Threads in the pool that runs work: steps, 1 to 1024 (default: "
                 "UV_THREADPOOL_SIZE, else 4)")
      ->type_name("N");
  const std::map<std::string, asyncdemo::OnError> on_errors{
      {"cancel", asyncdemo::OnError::cancel}, {"continue", asyncdemo::OnError::continue_}};
  std::string on_error = "cancel";
  app.add_option("--on-error", on_error,
                 "When a task fails: cancel the others (like a TaskGroup), or continue (like "
                 "gather with return_exceptions=True)")
      ->check(CLI::IsMember(on_errors))
      ->capture_default_str();
  app.add_option("--limit", options.limits,
                 "NAME=N: a limit tasks acquire: and release: (asyncio.BoundedSemaphore(N)); N "
                 "alone: at most N tasks at a time; repeatable")
      ->type_name("NAME=N")
      ->allow_extra_args(false);
  app.add_option("--queue", options.queues,
                 "NAME=MAXSIZE: a queue tasks put: into and get: from (asyncio.Queue; 0: no "
                 "limit); repeatable")
      ->type_name("NAME=MAXSIZE")
      ->allow_extra_args(false);
  app.add_option("--event", options.events,
                 "NAME: an event tasks set: and wait: for (asyncio.Event); repeatable")
      ->type_name("NAME")
      ->allow_extra_args(false);
  app.add_flag("-q,--quiet", options.quiet, "Print only each run's summary, no per-event lines");
  bool timeline = false;
  bool no_timeline = false;
  auto* timeline_flag = app.add_flag(
      "--timeline", timeline, "Draw the lane chart (default: after a text trace on a terminal)");
  app.add_flag("--no-timeline", no_timeline, "Never draw the lane chart")->excludes(timeline_flag);
  app.add_flag("--ascii", options.ascii,
               "Draw the chart in plain ASCII (also in a non-UTF-8 locale)");
  app.add_option("--width", options.width,
                 "Chart width in columns (default: the terminal's, or 80)")
      ->check(CLI::Range(20, 1000));
  app.add_option("--svg", options.svg, "Also write an SVG timeline to FILE");
  app.add_flag("--explain", options.explain,
               "Narrate what the event loop does between the events (text format only)");

  auto* render = app.add_subcommand(
      "render",
      "Draw a saved JSON-lines trace: the chart, --svg FILE, or --format text|chrome|...");
  render->add_option("trace", options.render, "The trace, saved with --format jsonl ('-': stdin)");
  render->fallthrough();
  render->footer(kRenderHelp);

  asyncdemo::ServeOptions serve_options;
  auto* serve =
      app.add_subcommand("serve", "Run the demo HTTP server (the tutorial's cat API) until Ctrl-C");
  serve->add_option("--host", serve_options.host, "Address to listen on")->capture_default_str();
  int serve_port = 8080;
  serve->add_option("--port", serve_port, "Port to listen on; 0 picks a free one")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  serve->footer(kServeHelp);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    asyncdemo::print_error(std::string(e.what()) + " (see asyncdemo --help)");
    return asyncdemo::kExitUsage;
  }

  // Keep the tasks in the order they were typed, whether positional or given with --task.
  std::size_t next_positional = 0;
  std::size_t next_option = 0;
  for (const CLI::Option* option : app.parse_order()) {
    if (option == positional) options.tasks.push_back(positional_tasks.at(next_positional++));
    if (option == task_option) options.tasks.push_back(option_tasks.at(next_option++));
  }
  if (timeline) options.timeline = asyncdemo::TimelineMode::always;
  if (no_timeline) options.timeline = asyncdemo::TimelineMode::never;
  options.clock = clocks.at(clock);
  options.format = formats.at(format);
  options.format_given = format_option->count() > 0;
  options.color = colors.at(color);
  options.on_error = on_errors.at(on_error);
  // Checked here with our own parsers, so errors name the bad token and the expected form.
  auto slow_value = asyncdemo::parse_duration_option("--slow", slow);
  if (!slow_value) {
    asyncdemo::print_error(slow_value.error().message());
    return asyncdemo::kExitUsage;
  }
  options.slow = *slow_value;
  if (!timeout.empty()) {
    auto timeout_value = asyncdemo::parse_duration_option("--timeout", timeout);
    if (!timeout_value) {
      asyncdemo::print_error(timeout_value.error().message());
      return asyncdemo::kExitUsage;
    }
    options.timeout = *timeout_value;
  }
  if (!threads.empty()) {
    auto threads_value = asyncdemo::parse_threads(threads);
    if (!threads_value) {
      asyncdemo::print_error(threads_value.error().message());
      return asyncdemo::kExitUsage;
    }
    options.threads = *threads_value;
  }
  if (sync) options.mode = asyncdemo::Mode::sync;
  if (async) options.mode = asyncdemo::Mode::async;

  if (serve->parsed()) {
    serve_options.port = static_cast<std::uint16_t>(serve_port);
    return asyncdemo::serve_command(serve_options);
  }
  if (render->parsed()) {
    if (options.render.empty()) {
      asyncdemo::print_error(
          "render: no trace given; expected a file saved with --format jsonl, or - for standard "
          "input (see asyncdemo render --help)");
      return asyncdemo::kExitUsage;
    }
    if (!options.tasks.empty()) {
      asyncdemo::print_error("render: unexpected '" + options.tasks.front() +
                             "'; expected one trace file, then options (see asyncdemo render "
                             "--help)");
      return asyncdemo::kExitUsage;
    }
    if (!options.task_file.empty() || sync || async || compare) {
      asyncdemo::print_error(
          "render: draws a saved trace and runs nothing; expected no --file, --sync, --async or "
          "--compare (see asyncdemo render --help)");
      return asyncdemo::kExitUsage;
    }
    return asyncdemo::render_command(options, std::cin);
  }
  return asyncdemo::run_command(options);
}
