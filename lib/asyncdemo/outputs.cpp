#include "asyncdemo/outputs.hpp"

#include <cstdlib>

#include "asyncdemo/core/diagnostics.hpp"
#include "asyncdemo/formats/formats.hpp"
#include "asyncdemo/pictures/terminal.hpp"
#include "asyncdemo/pictures/timeline_sink.hpp"
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
  std::unique_ptr<Outputs> outputs(new Outputs());
  // The SVG file first: it is created empty beside its final path now, renamed at the end.
  if (!options.svg.empty()) {
    Result<PendingFile> file = PendingFile::create(options.svg, "--svg");
    if (!file) return file.error();
    auto sink = std::make_unique<SvgSink>(std::move(file).value());
    outputs->svg_ = sink.get();
    outputs->keep(std::move(sink));
  }
  Result<std::unique_ptr<LineOutput>> main = LineOutput::open(options.output, stop);
  if (!main) return main.error();
  outputs->main_ = std::move(main).value();
  LineOutput& lines = *outputs->main_;
  const bool color = use_color(options.color, lines.is_terminal(), std::getenv("NO_COLOR"));

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
                             : options.svg.empty();
      break;
  }
  if (timeline) {
    // Never mixed into a machine format: then the chart goes to the terminal's other stream.
    LineOutput* chart_out = &lines;
    if (machine_format) {
      if (options.output.empty() || options.output == "-") {
        outputs->chart_out_ = LineOutput::standard_error(stop);
      } else {
        outputs->chart_out_ = LineOutput::open("-", stop).value();
      }
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

TraceSink& Outputs::keep(std::unique_ptr<TraceSink> sink, bool in_trace) {
  sinks_.push_back(std::move(sink));
  if (in_trace) trace_.add_sink(*sinks_.back());
  return *sinks_.back();
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
    print_error(svg_->failure());
    return kExitFailure;
  }
  return exit_code_for(stop.reason());
}

}  // namespace asyncdemo
