#include "asyncdemo/cli/option_table.hpp"

#include <arpa/inet.h>

#include <array>

#include "asyncdemo/cli/help_topics.hpp"
#include "asyncdemo/core/suggest.hpp"

// GCC 12 warns of every member a designated initializer leaves to its default member
// initializer, which is the point of writing the table this way (GCC bug 96868).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace asyncdemo::cli {
namespace {

using Words = std::vector<std::string_view>;
using Applied = std::optional<Error>;

// "text, jsonl, csv or chrome".
std::string listed(const Words& words) {
  std::string text;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) text += i + 1 == words.size() ? " or " : ", ";
    text += words[i];
  }
  return text;
}

// Sets `path` to `value`. A path given as '' is a mistake (an unset shell variable), not
// "use the default".
Applied set_path(std::string& path, std::string_view option, std::string_view value,
                 std::string_view dash_means) {
  if (value.empty()) {
    return Error{std::string(option), "empty path",
                 "a file name, or - for " + std::string(dash_means)};
  }
  path = std::string(value);
  return std::nullopt;
}

// The index of `value` among `words`, or an Error naming the option, the token and the words.
Result<std::size_t> choose(std::string_view option, std::string_view what, std::string_view value,
                           const Words& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == value) return i;
  }
  return Error{
      std::string(option),
      "unknown " + std::string(what) + " '" + std::string(value) + "'" + did_you_mean(value, words),
      listed(words)};
}

// A whole number from `low` to `high`, or nullopt.
std::optional<std::size_t> whole_number(std::string_view text, std::size_t low, std::size_t high) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (n < low || n > high) return std::nullopt;
  return n;
}

Words clocks() {
  return {"real", "virtual"};
}
Words formats() {
  Words words;
  for (const FormatName& named : format_names()) words.push_back(named.name);
  return words;
}
Words colors() {
  return {"auto", "always", "never"};
}
Words error_policies() {
  return {"cancel", "continue"};
}
Words topics() {
  return topic_names();
}

// Only one of a set of exclusive options: the first sets `slot`, a different one is an error.
Applied exclusive(std::string& slot, std::string_view option, std::string_view choices) {
  if (!slot.empty() && slot != option) {
    return Error{std::string(option), "cannot be combined with " + slot,
                 "one of " + std::string(choices)};
  }
  slot = std::string(option);
  return std::nullopt;
}

Applied set_mode(Invocation& in, std::string_view option, std::optional<Mode> mode) {
  if (auto error = exclusive(in.mode_option, option, "--sync, --async or --compare")) return error;
  in.options.mode = mode;
  return std::nullopt;
}

Applied set_timeline(Invocation& in, std::string_view option, TimelineMode mode) {
  if (auto error = exclusive(in.timeline_option, option, "--timeline or --no-timeline")) {
    return error;
  }
  in.options.timeline = mode;
  return std::nullopt;
}

Applied set_duration(std::string_view option, std::string_view value, Duration& into) {
  Result<Duration> duration = parse_duration_option(option, value);
  if (!duration) return duration.error();
  into = *duration;
  return std::nullopt;
}

bool is_ip_address(const std::string& host) {
  unsigned char address[16];
  return ::inet_pton(AF_INET, host.c_str(), address) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), address) == 1;
}

constexpr unsigned kRun = static_cast<unsigned>(Command::run);
constexpr unsigned kRunAndRender = Command::run | Command::render;
constexpr unsigned kServe = static_cast<unsigned>(Command::serve);
constexpr unsigned kEvery = Command::run | Command::render | Command::serve | Command::help;

const std::array kOptions{
    // Modes.
    OptionSpec{.name = "--compare",
               .help = "run sync, then async, and compare the totals with theory (the default)",
               .group = Group::modes,
               .commands = kRun,
               .apply = [](Invocation& in,
                           std::string_view) { return set_mode(in, "--compare", std::nullopt); }},
    OptionSpec{.name = "--sync",
               .help = "run the tasks one after another; each wait blocks the thread",
               .group = Group::modes,
               .commands = kRun,
               .apply = [](Invocation& in,
                           std::string_view) { return set_mode(in, "--sync", Mode::sync); }},
    OptionSpec{.name = "--async",
               .help = "run the tasks as coroutines on one event loop: a wait lets the others run",
               .group = Group::modes,
               .commands = kRun,
               .apply = [](Invocation& in,
                           std::string_view) { return set_mode(in, "--async", Mode::async); }},
    OptionSpec{.name = "--clock",
               .argument = "real|virtual",
               .help =
                   "real: wall time; virtual: time jumps to the next deadline, so a run is instant "
                   "and the same every time",
               .fallback = "real",
               .group = Group::modes,
               .commands = kRun,
               .words = &clocks,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 Result<std::size_t> chosen = choose("--clock", "clock", value, clocks());
                 if (!chosen) return chosen.error();
                 in.options.clock = *chosen == 0 ? ClockKind::real : ClockKind::virtual_;
                 return std::nullopt;
               }},
    // Tasks.
    OptionSpec{.name = "TASK",
               .argument = "TASK",
               .help = "a task, NAME=DURATION or NAME=STEP,STEP,... (asyncdemo help steps); "
                       "tasks run in the order given",
               .fallback = "the classic asyncio example",
               .group = Group::tasks,
               .commands = kRun,
               .positional = true,
               .repeatable = true,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 in.options.tasks.emplace_back(value);
                 return std::nullopt;
               }},
    OptionSpec{.short_name = 't',
               .name = "--task",
               .argument = "TASK",
               .help = "a task, as an option (for one whose name starts with '-'); repeatable",
               .group = Group::tasks,
               .commands = kRun,
               .repeatable = true,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 in.options.tasks.emplace_back(value);
                 return std::nullopt;
               }},
    OptionSpec{.short_name = 'f',
               .name = "--file",
               .argument = "FILE",
               .help = "read tasks from FILE, one per line, after those given as arguments ('-': "
                       "standard input); blank lines and lines starting with # are skipped",
               .group = Group::tasks,
               .commands = kRun,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 return set_path(in.options.task_file, "--file", value, "standard input");
               }},
    // Coordination.
    OptionSpec{.name = "--limit",
               .argument = "NAME=N",
               .help = "a limit that tasks acquire: and release: (asyncio.BoundedSemaphore(N)); "
                       "N alone: at most N tasks run at a time; repeatable",
               .group = Group::coordination,
               .commands = kRun,
               .repeatable = true,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 in.options.limits.emplace_back(value);
                 return std::nullopt;
               }},
    OptionSpec{.name = "--queue",
               .argument = "NAME=MAXSIZE",
               .help = "a queue that tasks put: into and get: from (asyncio.Queue; 0: no limit); "
                       "repeatable",
               .group = Group::coordination,
               .commands = kRun,
               .repeatable = true,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 in.options.queues.emplace_back(value);
                 return std::nullopt;
               }},
    OptionSpec{.name = "--event",
               .argument = "NAME",
               .help = "an event that tasks set: and wait: for (asyncio.Event); repeatable",
               .group = Group::coordination,
               .commands = kRun,
               .repeatable = true,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 in.options.events.emplace_back(value);
                 return std::nullopt;
               }},
    // Output.
    OptionSpec{.name = "--format",
               .argument = "FORMAT",
               .help = "the trace: text for people, jsonl for programs, csv for spreadsheets, "
                       "chrome for Perfetto and chrome://tracing",
               .fallback = "text",
               .group = Group::output,
               .commands = kRunAndRender,
               .words = &formats,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 Result<std::size_t> chosen = choose("--format", "format", value, formats());
                 if (!chosen) return chosen.error();
                 in.options.format = format_names()[*chosen].format;
                 in.options.format_given = true;
                 return std::nullopt;
               }},
    OptionSpec{.short_name = 'o',
               .name = "--output",
               .argument = "FILE",
               .help = "write the trace to FILE",
               .fallback = "standard output",
               .group = Group::output,
               .commands = kRunAndRender,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 return set_path(in.options.output, "--output", value, "standard output");
               }},
    OptionSpec{.short_name = 'q',
               .name = "--quiet",
               .help = "print only each run's summary and the comparison, no event lines; a "
                       "long real-clock run shows its progress on a terminal's standard error",
               .group = Group::output,
               .commands = kRunAndRender,
               .apply = [](Invocation& in, std::string_view) -> Applied {
                 in.options.quiet = true;
                 return std::nullopt;
               }},
    OptionSpec{
        .name = "--color",
        .argument = "WHEN",
        .help = "colour the text trace: auto, always or never; auto colours a terminal "
                "unless NO_COLOR is set or TERM is dumb",
        .fallback = "auto",
        .group = Group::output,
        .commands = kRunAndRender,
        .words = &colors,
        .apply = [](Invocation& in, std::string_view value) -> Applied {
          Result<std::size_t> chosen = choose("--color", "colour mode", value, colors());
          if (!chosen) return chosen.error();
          constexpr std::array kModes{ColorMode::automatic, ColorMode::always, ColorMode::never};
          in.options.color = kModes[*chosen];
          return std::nullopt;
        }},
    // Pictures.
    OptionSpec{.name = "--timeline",
               .help = "draw the lane chart after the runs",
               .fallback = "after a text trace on a terminal, for at most 40 tasks",
               .group = Group::pictures,
               .commands = kRunAndRender,
               .apply =
                   [](Invocation& in, std::string_view) {
                     return set_timeline(in, "--timeline", TimelineMode::always);
                   }},
    OptionSpec{.name = "--no-timeline",
               .help = "never draw the lane chart",
               .group = Group::pictures,
               .commands = kRunAndRender,
               .apply =
                   [](Invocation& in, std::string_view) {
                     return set_timeline(in, "--no-timeline", TimelineMode::never);
                   }},
    OptionSpec{.name = "--ascii",
               .help = "draw the chart in plain ASCII",
               .fallback = "only in a locale that is not UTF-8",
               .group = Group::pictures,
               .commands = kRunAndRender,
               .apply = [](Invocation& in, std::string_view) -> Applied {
                 in.options.ascii = true;
                 return std::nullopt;
               }},
    OptionSpec{.name = "--width",
               .argument = "N",
               .help = "the chart's width in columns, 20 to 1000",
               .fallback = "the terminal's, else 80",
               .group = Group::pictures,
               .commands = kRunAndRender,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 const std::optional<std::size_t> width = whole_number(value, 20, 1000);
                 if (!width) {
                   return Error{"--width", "'" + std::string(value) + "' is not a width",
                                "a whole number of columns from 20 to 1000, like --width 100"};
                 }
                 in.options.width = *width;
                 return std::nullopt;
               }},
    OptionSpec{.name = "--svg",
               .argument = "FILE",
               .help = "also write an SVG timeline to FILE, whole, once the runs are done ('-': "
                       "standard output)",
               .group = Group::pictures,
               .commands = kRunAndRender,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 return set_path(in.options.svg, "--svg", value, "standard output");
               }},
    OptionSpec{.name = "--html",
               .argument = "FILE",
               .help = "also write an interactive page to FILE: step through the run, forward "
                       "and back, with the loop's state at every moment ('-': standard output)",
               .group = Group::pictures,
               .commands = kRunAndRender,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 return set_path(in.options.html, "--html", value, "standard output");
               }},
    OptionSpec{.name = "--explain",
               .help = "narrate what the event loop does between the events (text format only)",
               .group = Group::pictures,
               .commands = kRun,
               .apply = [](Invocation& in, std::string_view) -> Applied {
                 in.options.explain = true;
                 return std::nullopt;
               }},
    // Pitfalls.
    OptionSpec{.name = "--timeout",
               .argument = "DURATION",
               .help = "cancel every unfinished task at this deadline, in each run (exit 124)",
               .group = Group::pitfalls,
               .commands = kRun,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 Duration timeout{};
                 if (auto error = set_duration("--timeout", value, timeout)) return error;
                 in.options.timeout = timeout;
                 return std::nullopt;
               }},
    OptionSpec{.name = "--on-error",
               .argument = "cancel|continue",
               .help = "when a task fails: cancel the others (like a TaskGroup) or let them "
                       "continue (like gather with return_exceptions=True)",
               .fallback = "cancel",
               .group = Group::pitfalls,
               .commands = kRun,
               .words = &error_policies,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 Result<std::size_t> chosen =
                     choose("--on-error", "policy", value, error_policies());
                 if (!chosen) return chosen.error();
                 in.options.on_error = *chosen == 0 ? OnError::cancel : OnError::continue_;
                 return std::nullopt;
               }},
    OptionSpec{.name = "--slow",
               .argument = "DURATION",
               .help = "warn when a blocking call holds the event loop this long",
               .fallback = "100ms",
               .group = Group::pitfalls,
               .commands = kRun,
               .apply =
                   [](Invocation& in, std::string_view value) {
                     return set_duration("--slow", value, in.options.slow);
                   }},
    OptionSpec{.name = "--threads",
               .argument = "N",
               .help = "threads in the pool that runs work: steps, 1 to 1024",
               .fallback = "UV_THREADPOOL_SIZE, else 4",
               .group = Group::pitfalls,
               .commands = kRun,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 Result<std::size_t> threads = parse_threads(value);
                 if (!threads) return threads.error();
                 in.options.threads = *threads;
                 return std::nullopt;
               }},
    // render.
    OptionSpec{.name = "TRACE",
               .argument = "TRACE",
               .help = "a trace saved with --format jsonl ('-': standard input)",
               .group = Group::tasks,
               .commands = static_cast<unsigned>(Command::render),
               .positional = true,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 return set_path(in.options.render, "render", value, "standard input");
               }},
    // serve.
    OptionSpec{.name = "--host",
               .argument = "ADDRESS",
               .help = "the IP address to listen on (0.0.0.0 or :: for every interface)",
               .fallback = "127.0.0.1",
               .group = Group::serving,
               .commands = kServe,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 const std::string host(value);
                 if (!is_ip_address(host)) {
                   return Error{"--host", "'" + host + "' is not an IP address",
                                "an address to listen on, like 127.0.0.1, ::1 or 0.0.0.0"};
                 }
                 in.serve.host = host;
                 return std::nullopt;
               }},
    OptionSpec{.name = "--port",
               .argument = "PORT",
               .help = "the port to listen on; 0 picks a free one",
               .fallback = "8080",
               .group = Group::serving,
               .commands = kServe,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 const std::optional<std::size_t> port = whole_number(value, 0, 65535);
                 if (!port) {
                   return Error{"--port", "'" + std::string(value) + "' is not a port",
                                "a whole number from 0 to 65535 (0 picks a free port), like "
                                "--port 8080"};
                 }
                 in.serve.port = static_cast<std::uint16_t>(*port);
                 return std::nullopt;
               }},
    // help.
    OptionSpec{.name = "TOPIC",
               .argument = "TOPIC",
               .help = "what to explain",
               .group = Group::information,
               .commands = static_cast<unsigned>(Command::help),
               .positional = true,
               .words = &topics,
               .apply = [](Invocation& in, std::string_view value) -> Applied {
                 in.topic = std::string(value);
                 return std::nullopt;
               }},
    // Information.
    OptionSpec{.short_name = 'h',
               .name = "--help",
               .help = "show this help and exit (asyncdemo help TOPIC explains more)",
               .group = Group::information,
               .commands = kEvery,
               .apply = [](Invocation& in, std::string_view) -> Applied {
                 in.help = true;
                 return std::nullopt;
               }},
    OptionSpec{.name = "--version",
               .help = "show the version, and those of libuv and spdlog, and exit",
               .group = Group::information,
               .commands = kRun,
               .apply = [](Invocation& in, std::string_view) -> Applied {
                 in.version = true;
                 return std::nullopt;
               }},
};

}  // namespace

std::string_view to_string(Command command) {
  switch (command) {
    case Command::run:
      return "asyncdemo";
    case Command::render:
      return "render";
    case Command::serve:
      return "serve";
    case Command::help:
      return "help";
  }
  return "?";
}

std::string OptionSpec::synopsis() const {
  if (positional) return std::string(name);
  std::string text;
  if (short_name != 0) text += std::string("-") + short_name + ", ";
  text += name;
  if (takes_value()) text += " " + std::string(argument);
  return text;
}

std::span<const OptionSpec> option_table() {
  return kOptions;
}

const OptionSpec* find_option(Command command, std::string_view name) {
  for (const OptionSpec& option : kOptions) {
    if (option.positional || !option.belongs_to(command)) continue;
    if (option.name == name || (name.size() == 2 && name[0] == '-' && name[1] == option.short_name))
      return &option;
  }
  return nullptr;
}

const OptionSpec* find_any_option(std::string_view name) {
  for (const OptionSpec& option : kOptions) {
    if (option.positional) continue;
    if (option.name == name || (name.size() == 2 && name[0] == '-' && name[1] == option.short_name))
      return &option;
  }
  return nullptr;
}

std::vector<std::string_view> option_names(Command command) {
  std::vector<std::string_view> names;
  for (const OptionSpec& option : kOptions) {
    if (option.positional || !option.belongs_to(command)) continue;
    names.push_back(option.name);
  }
  return names;
}

}  // namespace asyncdemo::cli
