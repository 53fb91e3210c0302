#include "asyncdemo/formats/text_format.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "asyncdemo/pictures/vocabulary.hpp"

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

std::string tasks(std::size_t count) {
  return fmt::format("{} task{}", count, count == 1 ? "" : "s");
}

// Lateness always in milliseconds, so that wakes compare at a glance: "0.136ms", "1.100ms".
std::string lateness(Duration late) {
  return format_seconds(late * 1000, 3) + "ms";
}

std::string speed_up(Duration slow, Duration fast) {
  if (fast <= Duration::zero()) return "-";
  return fmt::format("{:.2f}x",
                     static_cast<double>(slow.count()) / static_cast<double>(fast.count()));
}

// A wait for a pool thread: milliseconds below a millisecond, like lateness ("0.018ms"), the
// shortest clean form above ("300.376ms", "1s").
std::string queue_wait(Duration wait) {
  return wait < std::chrono::milliseconds(1) ? lateness(wait) : format_duration(wait);
}

// Why a task was cancelled, when it was not the user stopping the program.
std::string cancel_cause(const TraceEvent& event) {
  switch (event.reason) {
    case StopReason::timeout:
      return " (timeout)";
    case StopReason::task_failed:
      return " (a task failed)";
    case StopReason::deadlock:
      return event.text.empty() ? std::string(" (deadlock)")
                                : fmt::format(" (deadlock: it waits for {})", event.text);
    default:
      return "";
  }
}

// ", after waiting 1.5s", or nothing when it did not wait.
std::string waited_for(Duration waited) {
  return waited == Duration::zero() ? std::string()
                                    : fmt::format(", after waiting {}", format_duration(waited));
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
      return paint("-- " + run_heading(event.mode, *event.run), ansi::bold);
    case EventKind::start:
      return paint("started", ansi::green);
    case EventKind::print:
      return "printed \"" + paint(one_line(event.text), ansi::bold) + "\"";
    case EventKind::sleep:
      return paint("sleeps for " + format_duration(event.seconds), ansi::blue);
    case EventKind::wake:
      return paint(event.late == Duration::zero() ? std::string("woke up on time")
                                                  : "woke up " + lateness(event.late) + " late",
                   ansi::magenta);
    case EventKind::end:
      return paint("finished", ansi::green);
    case EventKind::cancel:
      return paint((event.at.empty() ? std::string("cancelled before it started")
                                     : fmt::format("cancelled in {}", event.at)) +
                       cancel_cause(event),
                   ansi::red);
    case EventKind::block:
      return paint(
          fmt::format("blocks the {} for {}", event.mode == Mode::async ? "event loop" : "thread",
                      format_duration(event.seconds)),
          ansi::red);
    case EventKind::unblock:
      return paint(fmt::format("let go after {}", format_duration(event.held)), ansi::magenta);
    case EventKind::work_queue:
      return paint(
          event.mode == Mode::async
              ? fmt::format("hands {} of work to the thread pool", format_duration(event.seconds))
              : fmt::format("works for {} on its own thread", format_duration(event.seconds)),
          ansi::blue);
    case EventKind::work_start:
      if (event.worker == 0) return paint("work started", ansi::blue);
      return paint(event.waited == Duration::zero()
                       ? fmt::format("work started on thread {}", event.worker)
                       : fmt::format("work started on thread {} after {} in the queue",
                                     event.worker, queue_wait(event.waited)),
                   ansi::blue);
    case EventKind::work_end:
      return paint((event.worker == 0 ? std::string("work done")
                                      : fmt::format("work done on thread {}", event.worker)) +
                       (event.late == Duration::zero()
                            ? std::string()
                            : fmt::format(", resumed {} late", lateness(event.late))),
                   ansi::magenta);
    case EventKind::fail:
      return paint(event.text.empty()
                       ? fmt::format("failed in {}", event.at)
                       : fmt::format("failed in {}: {}", event.at, one_line(event.text)),
                   ansi::red);
    case EventKind::fetch_resolved:
      return paint(fmt::format("fetches {}: resolved to {}", one_line(event.text), event.at),
                   ansi::blue);
    case EventKind::fetch_connected:
      return paint(fmt::format("connected to {}", event.at), ansi::blue);
    case EventKind::fetch_sent:
      return paint(fmt::format("sent the request ({} bytes)", event.bytes), ansi::blue);
    case EventKind::fetch_first_byte:
      return paint(fmt::format("first byte after {}", format_time(event.seconds)), ansi::magenta);
    case EventKind::fetch_done: {
      std::string text = fmt::format("fetched {}: status {}, {} bytes in {}", one_line(event.text),
                                     event.status, event.bytes, format_time(event.seconds));
      if (event.bytes > 0) text += ": " + shown_body(event.body, event.bytes);
      return paint(text, ansi::magenta);
    }
    case EventKind::spawn:
      return paint(fmt::format("spawns {}", event.other), ansi::blue);
    case EventKind::await:
      return paint(fmt::format("awaits {}", event.other), ansi::blue);
    case EventKind::awaited:
      return paint(fmt::format("{} has ended{}", event.other, waited_for(event.waited)),
                   ansi::magenta);
    case EventKind::acquire:
      return paint(fmt::format("acquires {}", event.on), ansi::blue);
    case EventKind::acquired:
      return paint(
          fmt::format("holds {}{}{}; {} held", event.on,
                      event.other.empty() ? "" : fmt::format(", released by {}", event.other),
                      waited_for(event.waited), event.count),
          ansi::magenta);
    case EventKind::release:
      return paint(fmt::format("releases {}{}; {} held", event.on,
                               event.at == "end" ? " as it ends" : "", event.count),
                   ansi::blue);
    case EventKind::put:
      return paint(fmt::format("puts \"{}\" into {}", one_line(event.text), event.on), ansi::blue);
    case EventKind::queued:
      return paint(fmt::format("\"{}\" is in {}{}; {} in the queue", one_line(event.text), event.on,
                               waited_for(event.waited), event.count),
                   ansi::magenta);
    case EventKind::get:
      return paint(fmt::format("gets from {}", event.on), ansi::blue);
    case EventKind::got:
      return paint(fmt::format("got \"{}\" from {}, put by {}{}; {} left", one_line(event.text),
                               event.on, event.other, waited_for(event.waited), event.count),
                   ansi::magenta);
    case EventKind::wait:
      return paint(fmt::format("waits for {}", event.on), ansi::blue);
    case EventKind::woken:
      return paint(fmt::format("{} is set{}{}", event.on,
                               event.other.empty() ? "" : fmt::format(" by {}", event.other),
                               waited_for(event.waited)),
                   ansi::magenta);
    case EventKind::set:
      return paint(fmt::format("sets {}: {} {} woken", event.on, event.count,
                               event.count == 1 ? "task" : "tasks"),
                   ansi::blue);
    case EventKind::run_end: {
      const RunFacts& run = *event.run;
      if (!finished_cleanly(run)) return paint("-- " + run_outcome(run), ansi::red);
      return paint(
          fmt::format("-- {}; theory: {}", run_outcome(run), theory_words(event.mode, run)),
          ansi::bold);
    }
  }
  return {};
}

std::string TextFormat::line(const TraceEvent& event) const {
  std::string text = paint(fmt::format("{:>9}", format_time(event.t)), ansi::dim) + "  " +
                     paint(fmt::format("{:<5}", to_string(event.mode)), mode_colour(event.mode)) +
                     "  ";
  if (event.kind != EventKind::run_start && event.kind != EventKind::run_end) {
    text += paint(fmt::format("{:<{}}", event.task, style_.name_width), ansi::bold) + "  ";
  }
  return text + describe(event);
}

std::vector<std::string> TextFormat::summary(const TraceEvent& run_end) const {
  const RunFacts& run = *run_end.run;
  const std::string prefix =
      paint(fmt::format("{:>9}", format_time(run_end.t)), ansi::dim) + "  " +
      paint(fmt::format("{:<5}", to_string(run_end.mode)), mode_colour(run_end.mode)) + "  ";
  std::vector<std::string> lines;
  for (const TaskFailure& failure : run.failures.empty() ? failures_ : run.failures) {
    std::string line = fmt::format("-- {} failed in {}", failure.task, failure.at);
    if (!failure.message.empty()) line += ": " + one_line(failure.message);
    lines.push_back(prefix + paint(line, ansi::red));
  }
  if (!spawns_.empty()) lines.push_back(prefix + "-- spawned: " + spawns_.describe());
  std::vector<std::string> facts;
  if (run.blocked_total > Duration::zero()) {
    facts.push_back(fmt::format("blocking calls held the {} {} in all, {} at most",
                                run_end.mode == Mode::async ? "loop" : "thread",
                                format_duration(run.blocked_total),
                                format_duration(run.blocked_max)));
  }
  if (run.queue_wait_max > Duration::zero()) {
    facts.push_back(
        fmt::format("longest wait for a pool thread {}", queue_wait(run.queue_wait_max)));
  }
  if (!facts.empty()) {
    std::string joined = "-- ";
    for (std::size_t i = 0; i < facts.size(); ++i) joined += (i > 0 ? "; " : "") + facts[i];
    lines.push_back(prefix + joined);
  }
  return lines;
}

std::string TextFormat::statistics(const TraceEvent& run_end) const {
  const RunFacts& run = *run_end.run;
  const std::string loop = run_end.mode == Mode::sync
                               ? std::string("no event loop")
                               : fmt::format("{} loop iteration{}", run.loop_iterations,
                                             run.loop_iterations == 1 ? "" : "s");
  // Lateness and sleepers only when something slept (traces from before `waits` say so by
  // their sleepers).
  const std::string sleepers =
      run.waits.sleep || run.peak_asleep > 0
          ? fmt::format("; wake lateness p50 {}, p99 {}, max {}; at most {} asleep at once",
                        lateness(run.late_p50), lateness(run.late_p99), lateness(run.late_max),
                        run.peak_asleep)
          : std::string();
  return paint(fmt::format("{:>9}", format_time(run_end.t)), ansi::dim) + "  " +
         paint(fmt::format("{:<5}", to_string(run_end.mode)), mode_colour(run_end.mode)) + "  " +
         fmt::format("-- {}, {} events{}; {}", tasks(run.tasks), run.events, sleepers, loop);
}

void TextFormat::write(const TraceEvent& event) {
  if (event.kind == EventKind::run_start) {
    failures_.clear();
    spawns_.clear();
  }
  spawns_.add(event);
  if (event.kind == EventKind::fail) {
    failures_.push_back(
        TaskFailure{std::string(event.task), std::string(event.at), std::string(event.text)});
  }
  if (event.kind == EventKind::run_start && wrote_a_run_) out_->write_line("");
  out_->write_line(line(event));
  if (event.kind == EventKind::run_end) {
    out_->write_line(statistics(event));
    for (const std::string& extra : summary(event)) out_->write_line(extra);
    wrote_a_run_ = true;
    (event.mode == Mode::sync ? sync_run_ : async_run_) = *event.run;
  }
}

void TextFormat::finish() {
  // Totals compare only when every task went to its end: a cancelled run stopped short.
  if (!sync_run_ || !async_run_ || sync_run_->cancelled + async_run_->cancelled > 0) return;
  const bool theory_known = sync_run_->theory_known() && async_run_->theory_known();
  const std::string totals[] = {format_time(sync_run_->elapsed), format_time(async_run_->elapsed),
                                speed_up(sync_run_->elapsed, async_run_->elapsed)};
  const std::string theories[] = {
      theory_total(*sync_run_), theory_total(*async_run_),
      theory_known ? speed_up(sync_run_->theory, async_run_->theory) : std::string("-")};
  std::size_t width = 10;  // columns grow for long virtual runs and large speed-ups
  for (const std::string& cell : totals) width = std::max(width, cell.size() + 2);
  for (const std::string& cell : theories) width = std::max(width, cell.size() + 2);
  const auto row = [&](std::string_view label, std::string_view colour, std::size_t i,
                       std::string_view note) {
    std::string text = paint(fmt::format("{:<9}", label), colour) +
                       fmt::format("{:>{}}{:>{}}", totals[i], width, theories[i], width);
    if (!note.empty()) text += fmt::format("  ({})", note);
    return text;
  };
  out_->write_line("");
  out_->write_line(
      paint(fmt::format("{:<9}{:>{}}{:>{}}", "", "total", width, "theory", width), ansi::bold));
  out_->write_line(row("sync", mode_colour(Mode::sync), 0, theory_basis(Mode::sync, *sync_run_)));
  out_->write_line(
      row("async", mode_colour(Mode::async), 1, theory_basis(Mode::async, *async_run_)));
  out_->write_line(row("speed-up", ansi::bold, 2, ""));
  if (sync_run_->failed + async_run_->failed > 0) {
    out_->write_line(
        fmt::format("(a failed task counts up to its failure: {} failed in sync, {} in async)",
                    sync_run_->failed, async_run_->failed));
  }
}

}  // namespace asyncdemo
