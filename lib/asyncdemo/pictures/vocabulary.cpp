#include "asyncdemo/pictures/vocabulary.hpp"

#include <array>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace asyncdemo {
namespace {

// The states, in legend order. Paint order: the rarer and more telling a state, the more it
// wins a terminal cell it shares with another.
constexpr std::array kStates{
    StateLook{State::running, "running", "running", "", "█", "#", "#2f855a", "#22543d", 6, "solid"},
    StateLook{State::asleep, "asleep", "asleep", "", "░", "-", "#a8c8f0", "#3a6fb0", 1, "dots"},
    StateLook{State::late, "late", "late (due, waiting for the loop)", "", "▒", ">", "#f6e05e",
              "#b7791f", 5, "hatch"},
    StateLook{State::queued, "queued", "queued for a thread", "", "┄", ".", "#edf2f7", "#718096", 2,
              "dashes"},
    StateLook{State::on_thread, "on a thread", "on a pool thread", "", "═", "=", "#c3b1f5",
              "#6b46c1", 3, "lines"},
    StateLook{State::blocking, "blocking", "blocks the loop", "blocks the thread", "▓", "%",
              "#e76f51", "#9c4221", 7, "cross"},
    StateLook{State::network, "network", "waiting on the network", "", "≈", "~", "#81e6d9",
              "#2c7a7b", 4, "waves"},
    StateLook{State::awaiting, "awaiting a task", "waiting for a task to end", "", "╌", ":",
              "#fbd38d", "#c05621", 2, "backhatch"},
    StateLook{State::limited, "waiting for a limit", "waiting for a limit's slot", "", "▁", "_",
              "#fed7d7", "#c53030", 2, "grid"},
    StateLook{State::queueing, "waiting on a queue", "waiting for a queue's item (or room)", "",
              "┉", ",", "#c6f6d5", "#276749", 2, "vlines"},
    StateLook{State::signalled, "waiting for an event", "waiting for an event to be set", "", "▔",
              "^", "#e9d8fd", "#6b46c1", 2, "checks"},
};

constexpr std::array kMarks{
    MarkLook{MarkKind::print, "print", "●", "*", "#d53f8c"},
    MarkLook{MarkKind::data, "data arrived", "◆", "@", "#2c7a7b"},
};

constexpr std::array kEndings{
    EndingLook{Ending::none, "", " ", " ", ""},
    EndingLook{Ending::finished, "finished", "┤", "|", "#2f855a"},
    EndingLook{Ending::failed, "failed", "!", "!", "#c53030"},
    EndingLook{Ending::cancelled, "cancelled", "×", "x", "#4a5568"},
};

std::string tasks(std::size_t count) {
  return fmt::format("{} task{}", count, count == 1 ? "" : "s");
}

// "a, b and c".
std::string listed(const std::vector<std::string_view>& items, std::string_view last_joint) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? last_joint : std::string_view(", ");
    out += items[i];
  }
  return out;
}

}  // namespace

std::span<const StateLook> states() {
  return kStates;
}

const StateLook& look_of(State state) {
  return kStates[static_cast<std::size_t>(state)];
}

std::string legend_of(State state, bool sync_runs, bool async_runs) {
  const StateLook& look = look_of(state);
  if (look.legend_sync.empty() || !sync_runs) return std::string(look.legend);
  if (!async_runs) return std::string(look.legend_sync);
  return fmt::format("{} (in async mode, the loop)", look.legend_sync);
}

const MarkLook& look_of(MarkKind kind) {
  return kMarks[static_cast<std::size_t>(kind)];
}

const EndingLook& look_of(Ending ending) {
  return kEndings[static_cast<std::size_t>(ending)];
}

std::string_view cancelled_by(StopReason reason) {
  switch (reason) {
    case StopReason::timeout:
      return "by the timeout";
    case StopReason::task_failed:
      return "by a failure";
    case StopReason::interrupt:
      return "by Ctrl-C";
    case StopReason::terminate:
      return "by SIGTERM";
    case StopReason::hangup:
      return "by SIGHUP";
    case StopReason::broken_pipe:
      return "when the output closed";
    case StopReason::output_failed:
      return "when the output failed";
    case StopReason::deadlock:
      return "by a deadlock";
    case StopReason::none:
      break;
  }
  return "";
}

std::string one_line(std::string_view text) {
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

std::string shown_body(std::string_view body, std::uint64_t bytes) {
  const std::string_view cut = body.size() < bytes ? "…" : "";
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
  if (!json) return body.empty() ? std::string() : "\"" + one_line(body) + std::string(cut) + "\"";
  // JSON as JSON, on one line: each run of white space outside strings becomes one space.
  std::string out;
  bool in_string = false;
  bool escaped = false;
  bool space = false;
  for (std::size_t i = first; i < body.size(); ++i) {
    const char c = body[i];
    if (!in_string && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
    if (escaped) {
      escaped = false;
    } else if (in_string && c == '\\') {
      escaped = true;
    } else if (in_string && c == '"') {
      in_string = false;
    } else if (c == '"') {
      in_string = true;
    }
  }
  return one_line(out) + std::string(cut);
}

std::string label_duration(Duration d) {
  const std::int64_t ns = d.count();
  if (ns <= 0) return format_duration(d);
  // Round to three significant digits, so that a label reads 1s for 1.000120s.
  std::int64_t scale = 1;
  while (ns / scale >= 1000) scale *= 10;
  const std::int64_t rounded = (ns + scale / 2) / scale * scale;
  return format_duration(Duration(rounded));
}

std::string bar_label(Duration took, Duration asked) {
  const std::string label = label_duration(took);
  if (asked <= Duration::zero() || label == label_duration(asked)) return label;
  return fmt::format("asked {}, took {}", label_duration(asked), label);
}

std::string run_heading(Mode mode, const RunFacts& run) {
  const Waits& waits = run.waits;
  if (mode == Mode::sync) {
    std::vector<std::string_view> kinds;
    if (waits.sleep) kinds.push_back("sleep");
    if (waits.block) kinds.push_back("blocking call");
    if (waits.work) kinds.push_back("job");
    if (waits.fetch) kinds.push_back("fetch");
    if (kinds.empty()) return tasks(run.tasks) + ", one after another";
    if (waits.tasks) {
      return fmt::format(
          "{}, one after another: each {} blocks the thread, and spawning or "
          "awaiting a task runs it to its end first",
          tasks(run.tasks), listed(kinds, " and "));
    }
    return fmt::format("{}, one after another: each {} blocks the thread", tasks(run.tasks),
                       listed(kinds, " and "));
  }
  std::vector<std::string_view> kinds;
  if (waits.sleep) kinds.push_back("a sleep");
  if (waits.work) kinds.push_back("a job on the pool");
  if (waits.fetch) kinds.push_back("a fetch");
  if (waits.tasks) kinds.push_back("a wait for another task");
  std::string what = listed(kinds, " or ");
  if (!what.empty()) what += " lets the others run";
  if (waits.block) what += std::string(what.empty() ? "" : "; ") + "a blocking call holds the loop";
  if (what.empty()) return tasks(run.tasks) + " as coroutines on one event loop";
  return fmt::format("{} as coroutines on one event loop: {}", tasks(run.tasks), what);
}

bool finished_cleanly(const RunFacts& run) {
  return run.cancelled == 0 && run.failed == 0 && run.stopped_by == StopReason::none;
}

std::string run_outcome(const RunFacts& run) {
  if (finished_cleanly(run)) return "finished in " + format_time(run.elapsed);
  const std::string_view how = run.stopped_by == StopReason::timeout       ? "timed out"
                               : run.stopped_by == StopReason::task_failed ? "failed"
                               : run.stopped_by == StopReason::deadlock    ? "deadlocked"
                               : run.cancelled > 0                         ? "stopped"
                                                                           : "finished";
  return fmt::format("{} after {}: {} finished, {}{} cancelled", how, format_time(run.elapsed),
                     run.finished, run.failed > 0 ? fmt::format("{} failed, ", run.failed) : "",
                     run.cancelled);
}

std::string theory_total(const RunFacts& run) {
  return run.theory_known() ? format_time(run.theory) : "unknown";
}

std::string theory_basis(Mode mode, const RunFacts& run) {
  const Waits& waits = run.waits;
  if (!run.theory_known()) return "network";
  if (mode == Mode::sync) {
    if (waits.tasks) return "the run on the ideal clock, one task after another";
    return waits.block || waits.work ? "the sum of all waits" : "the sum of all sleeps";
  }
  std::vector<std::string> counted;
  if (run.threads != 0) {
    counted.push_back(fmt::format("{} pool thread{}", run.threads, run.threads == 1 ? "" : "s"));
  }
  if (waits.block) counted.emplace_back("blocking calls holding the loop");
  if (waits.tasks) {
    return "the run on the ideal clock, through the tasks' waits for each other";
  }
  std::string basis = "the longest task";
  if (!counted.empty()) {
    basis += ", with " + counted.front();
    if (counted.size() > 1) basis += " and " + counted.back();
  }
  return basis;
}

std::string theory_words(Mode mode, const RunFacts& run) {
  if (!run.theory_known()) return fmt::format("unknown ({})", theory_basis(mode, run));
  return theory_total(run) + ", " + theory_basis(mode, run);
}

}  // namespace asyncdemo
