#include "asyncdemo/outputs.hpp"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/formats/formats.hpp"
#include "asyncdemo/pictures/terminal.hpp"
#include "asyncdemo/pictures/timeline_sink.hpp"
#include "asyncdemo/trace/progress_line.hpp"
#include "asyncdemo/trace/quiet_filter.hpp"

namespace asyncdemo {
namespace {

constexpr std::size_t kMostLanesByDefault = 40;

std::string_view format_name(Format format) {
  for (const FormatName& named : format_names()) {
    if (named.format == format) return named.name;
  }
  return "?";
}

// A path one option names, read or written.
struct NamedPath {
  std::string option;
  std::string path;  // "-": standard input for an input, standard output for an output
  bool input = false;
};

// Where a path leads: the device and inode of what exists (through links), else the path made
// absolute and normal, so that "x", "./x" and "dir/../x" are one file even before it exists.
struct FileIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  bool shared_stream = false;  // a terminal or /dev/null: many writers are fine
  std::string normal;
};

FileIdentity identify(const NamedPath& named) {
  FileIdentity identity;
  struct stat status {};
  const bool found = named.path == "-"
                         ? ::fstat(named.input ? STDIN_FILENO : STDOUT_FILENO, &status) == 0
                         : ::stat(named.path.c_str(), &status) == 0;
  if (found) {
    identity.exists = true;
    identity.device = status.st_dev;
    identity.inode = status.st_ino;
    identity.shared_stream = S_ISCHR(status.st_mode);
    return identity;
  }
  std::error_code ignored;
  identity.normal = named.path == "-" ? (named.input ? "<standard input>" : "<standard output>")
                                      : std::filesystem::weakly_canonical(
                                            std::filesystem::absolute(named.path, ignored), ignored)
                                            .string();
  return identity;
}

bool same_file(const FileIdentity& a, const FileIdentity& b) {
  if (a.exists != b.exists) return false;
  if (!a.exists) return a.normal == b.normal;
  return a.device == b.device && a.inode == b.inode && !a.shared_stream;
}

// True when whoever read `fd` has gone (a closed pipe or socket): poll reports an error on it.
bool reader_gone(int fd) {
  pollfd watch{fd, POLLOUT, 0};
  return ::poll(&watch, 1, 0) == 1 && (watch.revents & (POLLERR | POLLHUP)) != 0;
}

}  // namespace

Result<std::unique_ptr<Outputs>> Outputs::open(const Options& options, Purpose purpose,
                                               std::size_t name_width, std::size_t tasks,
                                               StopSignal& stop) {
  const bool machine_format = options.format != Format::text;
  if (options.explain && (machine_format || purpose == Purpose::render)) {
    return Error{"--explain",
                 purpose == Purpose::render ? "narrates a live run; render only draws a saved trace"
                                            : "narrates the text trace, not --format " +
                                                  std::string(format_name(options.format)),
                 purpose == Purpose::render ? "asyncdemo --explain TASKS..."
                                            : "--format text (the default)"};
  }
  if (std::optional<Error> clash = check_paths(options, purpose)) return *clash;
  std::unique_ptr<Outputs> outputs(new Outputs());
  // The SVG file first: it is created empty beside its final path now, renamed at the end.
  if (!options.svg.empty()) {
    Result<PendingFile> file = PendingFile::create(options.svg, "--svg");
    if (!file) return file.error();
    outputs->svg_to_stdout_ = options.svg == "-";
    auto sink = std::make_unique<SvgSink>(std::move(file).value());
    outputs->svg_ = sink.get();
    outputs->keep(std::move(sink));
  }
  if (!options.html.empty()) {
    Result<PendingFile> file = PendingFile::create(options.html, "--html");
    if (!file) return file.error();
    auto sink = std::make_unique<PageSink>(
        std::move(file).value(),
        purpose == Purpose::run ? PageRecorder::Source::run : PageRecorder::Source::trace,
        options.clock, name_width);
    outputs->page_ = sink.get();
    outputs->keep(std::move(sink));
  }
  Result<std::unique_ptr<LineOutput>> main =
      LineOutput::open(options.output.empty() ? "-" : options.output, stop);
  if (!main) return main.error();
  outputs->main_ = std::move(main).value();
  LineOutput& lines = *outputs->main_;
  const bool color =
      use_color(options.color, lines.is_terminal(), std::getenv("NO_COLOR"), std::getenv("TERM"));

  // First among the sinks: the progress line is erased before a run's summary is written.
  if (purpose == Purpose::run) {
    const bool to_file = !options.output.empty() && options.output != "-";
    const std::optional<Duration> delay = progress_delay(
        options.clock, ::isatty(STDERR_FILENO) == 1, options.quiet, to_file, options.explain);
    if (delay) {
      outputs->keep(std::make_unique<ProgressLine>(
          *delay, terminal_columns(STDERR_FILENO, std::getenv("COLUMNS"))));
    }
  }

  // A live run always shows its trace; render converts the trace only when a format is asked
  // for (--format text writes the text trace), and otherwise just draws.
  const bool trace_shown = purpose == Purpose::run || machine_format || options.format_given;
  if (trace_shown) {
    TraceSink& format =
        outputs->keep(make_format(options.format, lines, TextStyle{color, name_width}), false);
    // --quiet: only each run's summary reaches the format; the pictures still see everything.
    if (options.quiet) {
      outputs->keep(std::make_unique<QuietFilter>(format));
    } else {
      outputs->trace_.add_sink(format);
    }
  }

  bool timeline = false;
  switch (options.timeline) {
    case TimelineMode::always:
      timeline = true;
      break;
    case TimelineMode::never:
      break;
    case TimelineMode::automatic:
      // On a terminal after a text trace; not for --quiet or a crowd of tasks, whose chart
      // would bury the summary they asked for.
      timeline = trace_shown ? !machine_format && lines.is_terminal() && !options.quiet &&
                                   tasks <= kMostLanesByDefault
                             : options.svg.empty() && options.html.empty();
      break;
  }
  if (timeline) {
    // Never mixed into a machine format, nor into an SVG on standard output: then the chart
    // goes to the terminal's other stream.
    LineOutput* chart_out = &lines;
    if (machine_format) {
      if (options.output.empty() || options.output == "-") {
        outputs->chart_out_ = LineOutput::standard_error(stop);
      } else {
        outputs->chart_out_ = LineOutput::open("-", stop).value();
      }
      chart_out = outputs->chart_out_.get();
    }
    if (options.svg == "-" && chart_out->fd() == STDOUT_FILENO) {
      outputs->chart_out_ = LineOutput::standard_error(stop);
      chart_out = outputs->chart_out_.get();
    }
    ChartStyle style;
    style.width = options.width > 0 ? options.width
                                    : terminal_columns(chart_out->fd(), std::getenv("COLUMNS"));
    style.unicode = !options.ascii && utf8_locale(std::getenv("LC_ALL"), std::getenv("LC_CTYPE"),
                                                  std::getenv("LANG"));
    const bool after_trace = chart_out == &lines && trace_shown;
    outputs->keep(std::make_unique<TimelineSink>(*chart_out, style, after_trace));
  }
  if (options.explain) {
    outputs->narrator_ = std::make_unique<Narrator>(lines, options.clock, color);
  }
  return outputs;
}

LoopObserver* Outputs::observer() {
  if (page_ == nullptr) return narrator_.get();
  if (narrator_ == nullptr) return &page_->observer();
  if (observers_.empty()) {
    observers_.add(*narrator_);
    observers_.add(page_->observer());
  }
  return &observers_;
}

TraceSink& Outputs::keep(std::unique_ptr<TraceSink> sink, bool in_trace) {
  sinks_.push_back(std::move(sink));
  if (in_trace) trace_.add_sink(*sinks_.back());
  return *sinks_.back();
}

std::optional<Error> Outputs::check_paths(const Options& options, Purpose purpose) {
  std::vector<NamedPath> paths;
  if (purpose == Purpose::run && !options.task_file.empty()) {
    paths.push_back({"--file", options.task_file, true});
  }
  if (purpose == Purpose::render) paths.push_back({"render", options.render, true});
  // A run always writes its trace; render only when it converts the trace to a format.
  if (purpose == Purpose::run || options.format != Format::text) {
    paths.push_back({options.output.empty() ? "the trace" : "-o",
                     options.output.empty() ? "-" : options.output, false});
  }
  if (!options.svg.empty()) paths.push_back({"--svg", options.svg, false});
  if (!options.html.empty()) paths.push_back({"--html", options.html, false});

  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      const NamedPath& a = paths[i];
      const NamedPath& b = paths[j];
      if (a.input && b.input) continue;
      if (!a.input && !b.input && a.path == "-" && b.path == "-") {
        const std::string what = a.option == "the trace" ? "the trace and " + b.option + " -"
                                                         : a.option + " - and " + b.option + " -";
        return Error{"", what + " both write to standard output",
                     "-o FILE for the trace, or --svg FILE, so that they do not mix"};
      }
      if (!same_file(identify(a), identify(b))) continue;
      const std::string shown = b.path == "-" ? a.path : b.path;
      return Error{"", a.option + " and " + b.option + " name the same file '" + shown + "'",
                   a.input ? "a different file for " + b.option + ": writing it would destroy '" +
                                 a.path + "' as it is read"
                           : "a different file for each: one would overwrite the other"};
    }
  }
  return std::nullopt;
}

int Outputs::finish(const StopSignal& stop) {
  if (!stop.requested()) trace_.finish();
  trace_.flush();
  main_->flush();
  if (chart_out_) chart_out_->flush();
  if (stop.reason() == StopReason::output_failed) {
    print_error(main_->failure().empty() && chart_out_ ? chart_out_->failure() : main_->failure());
  }
  if (svg_ != nullptr && !svg_->failure().empty()) {
    // An SVG on standard output whose reader left ends quietly, as the trace does.
    if (svg_to_stdout_ && reader_gone(STDOUT_FILENO)) {
      return exit_code_for(StopReason::broken_pipe);
    }
    print_error(svg_->failure());
    return kExitFailure;
  }
  if (page_ != nullptr && !page_->failure().empty()) {
    print_error(page_->failure());
    return kExitFailure;
  }
  return exit_code_for(stop.reason());
}

}  // namespace asyncdemo
