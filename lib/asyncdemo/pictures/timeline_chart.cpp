#include "asyncdemo/pictures/timeline_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "asyncdemo/pictures/time_axis.hpp"

namespace asyncdemo {
namespace {

struct Glyphs {
  std::string_view running, sleeping, print, finished, cancelled, axis, tick;
};
constexpr Glyphs kUnicode{"█", "░", "●", "┤", "×", "─", "┴"};
constexpr Glyphs kAscii{"#", "-", "*", "|", "x", "-", "+"};

constexpr std::size_t kIndent = 2;
constexpr std::size_t kGutter = 2;
constexpr std::size_t kFewestColumns = 10;

// Maps times onto columns 0 .. columns-1 of the shared scale.
class Scale {
 public:
  Scale(Duration total, std::size_t columns) : total_(total), columns_(columns) {}
  std::size_t column(Duration t) const {
    if (total_ <= Duration::zero()) return 0;
    const double x = static_cast<double>(t.count()) / static_cast<double>(total_.count()) *
                     static_cast<double>(columns_ - 1);
    return std::min(columns_ - 1, static_cast<std::size_t>(std::lround(std::max(0.0, x))));
  }

 private:
  Duration total_;
  std::size_t columns_;
};

std::string header(const RecordedRun& run, const std::string& speed_up) {
  const RunFacts& facts = run.facts;
  std::string text = fmt::format("{:<5}  ", to_string(run.mode));
  if (!run.complete) return text + "did not finish";
  if (facts.failed > 0) {
    return text + fmt::format("{} after {}: {} finished, {} failed, {} cancelled",
                              facts.cancelled > 0 ? "stopped" : "done", format_time(facts.elapsed),
                              facts.finished, facts.failed, facts.cancelled);
  }
  if (facts.cancelled > 0) {
    return text + fmt::format("stopped after {}: {} finished, {} cancelled",
                              format_time(facts.elapsed), facts.finished, facts.cancelled);
  }
  text += "total " + format_time(facts.elapsed);
  if (run.mode == Mode::async && !speed_up.empty()) text += ", " + speed_up + " faster";
  return text;
}

// One lane: sleeping first, then running over it, then prints, then where the task ended, so
// that the rarer, more telling marks win a shared cell.
std::string lane_cells(const Lane& lane, const Scale& scale, std::size_t columns,
                       const Glyphs& glyphs) {
  std::vector<std::string_view> cells(columns + 1, " ");
  const auto paint = [&](const Span& span, std::string_view glyph) {
    const std::size_t from = scale.column(span.from);
    // A span ends where the next begins: its last column belongs to what follows.
    const std::size_t to = std::max(from + 1, scale.column(span.to));
    for (std::size_t c = from; c < to && c < columns; ++c) cells[c] = glyph;
  };
  for (const Span& span : lane.spans) {
    if (span.kind == SpanKind::sleeping) paint(span, glyphs.sleeping);
  }
  for (const Span& span : lane.spans) {
    // A task that runs for no measurable time is only drawn where nothing else is.
    if (span.kind != SpanKind::running) continue;
    if (span.to > span.from || cells[scale.column(span.from)] == " ") paint(span, glyphs.running);
  }
  for (const PrintMark& mark : lane.prints) cells[scale.column(mark.t)] = glyphs.print;
  if (lane.ended) {
    // Where it ended, or just after when a print or a span already marks that moment.
    std::size_t at = scale.column(*lane.ended);
    if (cells[at] != " ") ++at;
    // A failed task did not finish either: it ends with the cancelled mark.
    cells[at] = lane.cancelled || lane.failed ? glyphs.cancelled : glyphs.finished;
  }
  std::string text;
  for (std::string_view cell : cells) text += cell;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

std::vector<std::string> draw_timeline(const std::vector<RecordedRun>& runs,
                                       const ChartStyle& style) {
  const Glyphs& glyphs = style.unicode ? kUnicode : kAscii;
  std::size_t name_width = 0;
  for (const RecordedRun& run : runs) {
    for (std::size_t i = 0; i < run.lanes.size() && i < style.most_lanes; ++i) {
      name_width = std::max(name_width, run.lanes[i].task.size());
    }
  }
  const std::size_t left = kIndent + name_width + kGutter;
  // One column past the chart is kept for the mark of a task that ends at the very end.
  const std::size_t columns =
      style.width > left + kFewestColumns + 1 ? style.width - left - 1 : kFewestColumns;
  const Duration total = longest_elapsed(runs);
  const Scale scale(total, columns);
  const std::string margin(left, ' ');
  const std::string speed_up = speed_up_of(runs);

  std::vector<std::string> lines;
  for (const RecordedRun& run : runs) {
    lines.push_back(header(run, speed_up));
    for (std::size_t i = 0; i < run.lanes.size() && i < style.most_lanes; ++i) {
      const Lane& lane = run.lanes[i];
      lines.push_back(std::string(kIndent, ' ') + fmt::format("{:<{}}", lane.task, name_width) +
                      std::string(kGutter, ' ') + lane_cells(lane, scale, columns, glyphs));
    }
    if (run.lanes.size() > style.most_lanes) {
      lines.push_back(fmt::format("{}... and {} more tasks", std::string(kIndent, ' '),
                                  run.lanes.size() - style.most_lanes));
    }
  }

  // Ticks at round times, far enough apart for the longest label.
  const Duration step = tick_step(total, static_cast<double>(columns - 1), 8.0);
  std::string axis;
  std::vector<std::string_view> axis_cells(columns, glyphs.axis);
  std::string labels;
  std::size_t label_end = 0;  // first free column on the label line
  for (Duration t{}; t <= total; t += step) {
    const std::size_t column = scale.column(t);
    axis_cells[column] = glyphs.tick;
    const std::string label = format_duration(t);
    if (column < label_end || column + label.size() > columns + 1) continue;
    labels += std::string(column - label_end, ' ') + label;
    label_end = column + label.size() + 1;
    labels += ' ';
    if (total <= Duration::zero()) break;
  }
  for (std::string_view cell : axis_cells) axis += cell;
  while (!labels.empty() && labels.back() == ' ') labels.pop_back();
  lines.push_back(margin + axis);
  lines.push_back(margin + labels);
  // The legend, wrapped to the width (glyphs count as one column each).
  const std::pair<std::string_view, std::string_view> legend[] = {{glyphs.print, "print"},
                                                                  {glyphs.running, "running"},
                                                                  {glyphs.sleeping, "sleeping"},
                                                                  {glyphs.finished, "finished"},
                                                                  {glyphs.cancelled, "cancelled"}};
  std::string line(kIndent, ' ');
  std::size_t line_columns = kIndent;
  for (const auto& [glyph, meaning] : legend) {
    const std::size_t item_columns = 1 + 1 + meaning.size();
    if (line_columns > kIndent && line_columns + 2 + item_columns > style.width) {
      lines.push_back(line);
      line = std::string(kIndent, ' ');
      line_columns = kIndent;
    }
    if (line_columns > kIndent) {
      line += "  ";
      line_columns += 2;
    }
    line += fmt::format("{} {}", glyph, meaning);
    line_columns += item_columns;
  }
  lines.push_back(line);
  return lines;
}

}  // namespace asyncdemo
