#include "asyncdemo/cli/help.hpp"

#include <array>

#include "asyncdemo/cli/help_layout.hpp"
#include "asyncdemo/cli/help_topics.hpp"

namespace asyncdemo::cli {
namespace {

struct GroupTitle {
  Group group;
  std::string_view title;
};

constexpr std::array kRunGroups{
    GroupTitle{Group::modes, "Modes"},
    GroupTitle{Group::tasks, "Tasks"},
    GroupTitle{Group::coordination, "Coordination (asyncdemo help steps: acquire:, put:, wait:)"},
    GroupTitle{Group::output, "Output"},
    GroupTitle{Group::pictures, "Pictures"},
    GroupTitle{Group::pitfalls, "Pitfalls (blocking calls, the thread pool, timeouts, failures)"},
};

// The option's line: its synopsis, and its help with what it is when not given.
std::string option_entry(const OptionSpec& option) {
  std::string help(option.help);
  if (!option.fallback.empty()) help += " (default: " + std::string(option.fallback) + ")";
  return entry(option.synopsis(), help);
}

std::string options_of(Command command, Group group) {
  std::string out;
  for (const OptionSpec& option : option_table()) {
    if (option.belongs_to(command) && option.group == group) out += option_entry(option);
  }
  return out;
}

std::string run_page() {
  std::string out = wrapped("asyncdemo " ASYNCDEMO_VERSION
                            ": watch tasks run one after another (sync) or interleaved as "
                            "coroutines on one event loop (async), in a timestamped trace, "
                            "pictures and a comparison with theory.");
  out += "\n";
  out += "Usage: asyncdemo [--sync | --async | --compare] [OPTION...] [TASK...]\n";
  out += "       asyncdemo render TRACE [OPTION...]\n";
  out += "       asyncdemo serve [--host ADDRESS] [--port PORT]\n";
  out += "       asyncdemo help [TOPIC]\n";
  for (const GroupTitle& group : kRunGroups) {
    out += "\n" + heading(group.title) + options_of(Command::run, group.group);
  }
  out += "\n" + heading("Real I/O");
  out += entry("fetch:URL",
               "a step: an HTTP GET over a real socket, http:// only; "
               "fetch-print:URL prints the body too");
  out += entry("asyncdemo serve", "the demo HTTP server to fetch from (asyncdemo help serve)");
  out += "\n" + heading("Commands");
  out += entry("render TRACE",
               "draw a trace saved with --format jsonl, or convert it with "
               "--format (asyncdemo help render)");
  out += entry("serve", "run the demo HTTP server, the tutorial's cat API, until Ctrl-C");
  out += entry("help [TOPIC]",
               "this help, or a topic: steps, durations, formats, examples, "
               "exit-codes, render, serve");
  out += "\n" + heading("Information") + options_of(Command::run, Group::information);
  out += "\n" + heading("Examples");
  for (const Example& example : examples()) {
    if (!example.in_help) continue;
    out += "  " + std::string(example.command) + "\n" + wrapped(example.shows, 6);
  }
  out += "\n" + heading("Exit status");
  for (const ExitStatus& status : exit_statuses()) {
    out += entry(status.code, status.meaning, kStatusColumn);
  }
  return out;
}

std::string render_page() {
  std::string out = "Usage: asyncdemo render TRACE [OPTION...]\n\n";
  out += wrapped(
      "Draws the lane chart of a trace saved with --format jsonl, without running "
      "anything. With --format (text too) it writes the trace in that format "
      "instead; with --svg it writes the SVG timeline, with --html the interactive page (a "
      "saved trace has no ready queue and no narration: the page says so).");
  out += "\n" + heading("Arguments") + options_of(Command::render, Group::tasks);
  out += "\n" + heading("Options");
  for (Group group : {Group::output, Group::pictures, Group::information}) {
    out += options_of(Command::render, group);
  }
  out += "\n" + heading("Examples");
  out += "  asyncdemo --clock virtual --format jsonl -o run.jsonl\n";
  out += "  asyncdemo render run.jsonl\n";
  out += "  asyncdemo render run.jsonl --svg run.svg\n";
  out += "  asyncdemo render run.jsonl --html run.html\n";
  out += "  asyncdemo render - --format chrome -o run.json < run.jsonl\n";
  return out;
}

std::string serve_page() {
  std::string out = "Usage: asyncdemo serve [--host ADDRESS] [--port PORT]\n\n";
  out += wrapped(
      "Runs the demo HTTP server, after the tutorial's cat API, on one event loop "
      "until Ctrl-C. Delays are the loop's timers, so thousands of clients wait at "
      "once.");
  out += "\n" + heading("Options");
  for (Group group : {Group::serving, Group::information}) out += options_of(Command::serve, group);
  out += "\n" + heading("The API (JSON answers)");
  out += entry("GET /cats/N[?delay=DURATION]", "a small JSON cat after DURATION (default: 500ms)");
  out += entry("GET /delay/DURATION", "{\"delayed\":SECONDS} after DURATION");
  out += entry("anything else", "404 at once, with a JSON error");
  out += "\n" + heading("Examples");
  out += "  asyncdemo serve\n" + wrapped("then, in another terminal:", 6);
  out += "  asyncdemo 'cat*2=fetch:http://127.0.0.1:8080/cats/1'\n";
  out += "  curl -i 'http://127.0.0.1:8080/cats/3?delay=1s'\n";
  return out;
}

std::string help_topic_page() {
  std::string out = "Usage: asyncdemo help [TOPIC]\n\n";
  out += wrapped("Without a TOPIC, the same as asyncdemo --help. The topics:");
  out += '\n';
  for (std::string_view topic : topic_names()) out += "  " + std::string(topic) + "\n";
  out += "\n" + heading("Options") + options_of(Command::help, Group::information);
  return out;
}

}  // namespace

std::string help_page(Command command) {
  switch (command) {
    case Command::run:
      return run_page();
    case Command::render:
      return render_page();
    case Command::serve:
      return serve_page();
    case Command::help:
      return help_topic_page();
  }
  return run_page();
}

}  // namespace asyncdemo::cli
