#include "asyncdemo/trace/text_format.hpp"

#include <fmt/format.h>

namespace asyncdemo {
namespace {

namespace ansi {
constexpr std::string_view dim = "2";
constexpr std::string_view bold = "1";
constexpr std::string_view red = "31";
constexpr std::string_view green = "32";
constexpr std::string_view yellow = "33";
constexpr std::string_view blue = "34";
constexpr std::string_view magenta = "35";
constexpr std::string_view cyan = "36";
}  // namespace ansi

// Milliseconds are enough for people; lateness below that is spelled out on wake lines.
std::string millis(Duration d) {
  return format_seconds(d, 3) + "s";
}

std::string tasks(std::size_t count) {
  return fmt::format("{} task{}", count, count == 1 ? "" : "s");
}

// Lateness always in milliseconds, so that wakes compare at a glance: "0.136ms", "1.100ms".
std::string lateness(Duration late) {
  return format_seconds(late * 1000, 3) + "ms";
}

// Printed text is shown on one line whatever it holds: control characters become escapes.
std::string visible(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  return out;
}

std::string speed_up(Duration slow, Duration fast) {
  if (fast <= Duration::zero()) return "-";
  return fmt::format("{:.2f}x",
                     static_cast<double>(slow.count()) / static_cast<double>(fast.count()));
}

std::string_view theory_basis(Mode mode) {
  return mode == Mode::sync ? "the sum of all sleeps" : "the longest task";
}

std::string_view mode_colour(Mode mode) {
  return mode == Mode::sync ? ansi::yellow : ansi::cyan;
}

}  // namespace

std::string TextFormat::paint(std::string_view text, std::string_view code) const {
  if (!style_.color) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string TextFormat::describe(const TraceEvent& event) const {
  switch (event.kind) {
    case EventKind::run_start:
      return paint(event.mode == Mode::sync
                       ? fmt::format("-- {}, one after another: each sleep blocks the thread",
                                     tasks(event.run->tasks))
                       : fmt::format("-- {} as coroutines on one event loop: "
                                     "a sleep lets the others run",
                                     tasks(event.run->tasks)),
                   ansi::bold);
    case EventKind::start:
      return paint("started", ansi::green);
    case EventKind::print:
      return "printed \"" + paint(visible(event.text), ansi::bold) + "\"";
    case EventKind::sleep:
      return paint("sleeps for " + format_duration(event.seconds), ansi::blue);
    case EventKind::wake:
      return paint(event.late == Duration::zero() ? std::string("woke up on time")
                                                  : "woke up " + lateness(event.late) + " late",
                   ansi::magenta);
    case EventKind::end:
      return paint("finished", ansi::green);
    case EventKind::cancel:
      return paint(event.at.empty() ? std::string("cancelled before it started")
                                    : fmt::format("cancelled in {}", event.at),
                   ansi::red);
    case EventKind::run_end: {
      const RunFacts& run = *event.run;
      if (run.cancelled > 0) {
        return paint(fmt::format("-- stopped after {}: {} finished, {} cancelled",
                                 millis(run.elapsed), run.finished, run.cancelled),
                     ansi::red);
      }
      return paint(fmt::format("-- finished in {}; theory: {}, {}", millis(run.elapsed),
                               millis(run.theory), theory_basis(event.mode)),
                   ansi::bold);
    }
  }
  return {};
}

std::string TextFormat::line(const TraceEvent& event) const {
  std::string text = paint(fmt::format("{:>9}", millis(event.t)), ansi::dim) + "  " +
                     paint(fmt::format("{:<5}", to_string(event.mode)), mode_colour(event.mode)) +
                     "  ";
  if (event.kind != EventKind::run_start && event.kind != EventKind::run_end) {
    text += paint(fmt::format("{:<{}}", event.task, style_.name_width), ansi::bold) + "  ";
  }
  return text + describe(event);
}

void TextFormat::write(const TraceEvent& event) {
  if (event.kind == EventKind::run_start && wrote_a_run_) out_.write_line("");
  out_.write_line(line(event));
  if (event.kind == EventKind::run_end) {
    wrote_a_run_ = true;
    (event.mode == Mode::sync ? sync_run_ : async_run_) = *event.run;
  }
}

void TextFormat::finish() {
  if (!sync_run_ || !async_run_ || sync_run_->cancelled > 0 || async_run_->cancelled > 0) return;
  const auto row = [&](Mode mode, const RunFacts& run) {
    return paint(fmt::format("{:<9}", to_string(mode)), mode_colour(mode)) +
           fmt::format("{:>10}{:>10}  ({})", millis(run.elapsed), millis(run.theory),
                       theory_basis(mode));
  };
  out_.write_line("");
  out_.write_line(paint(fmt::format("{:<9}{:>10}{:>10}", "", "total", "theory"), ansi::bold));
  out_.write_line(row(Mode::sync, *sync_run_));
  out_.write_line(row(Mode::async, *async_run_));
  out_.write_line(paint(fmt::format("{:<9}{:>10}{:>10}", "speed-up",
                                    speed_up(sync_run_->elapsed, async_run_->elapsed),
                                    speed_up(sync_run_->theory, async_run_->theory)),
                        ansi::bold));
}

}  // namespace asyncdemo
