#include "asyncdemo/pictures/timeline_chart.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "asyncdemo/pictures/text_fit.hpp"
#include "asyncdemo/pictures/time_axis.hpp"

namespace asyncdemo {
namespace {

constexpr std::size_t kIndent = 2;
constexpr std::size_t kGutter = 2;
constexpr std::size_t kFewestNameColumns = 6;

struct Glyphs {
  bool unicode;
  std::string_view axis, tick, ellipsis;
  std::string_view of(State state) const {
    return unicode ? look_of(state).unicode : look_of(state).ascii;
  }
  std::string_view of(MarkKind kind) const {
    return unicode ? look_of(kind).unicode : look_of(kind).ascii;
  }
  std::string_view of(Ending ending) const {
    return unicode ? look_of(ending).unicode : look_of(ending).ascii;
  }
};
constexpr Glyphs kUnicode{true, "─", "┴", "…"};
constexpr Glyphs kAscii{false, "-", "+", "..."};

// Maps times onto columns 0 .. columns-1 of the shared scale.
class Scale {
 public:
  Scale(Duration total, std::size_t columns) : total_(total), columns_(columns) {}
  double at(Duration t) const {
    if (total_ <= Duration::zero()) return 0;
    return static_cast<double>(t.count()) / static_cast<double>(total_.count()) *
           static_cast<double>(columns_ - 1);
  }
  std::size_t column(Duration t) const {
    return std::min(columns_ - 1, static_cast<std::size_t>(std::lround(std::max(0.0, at(t)))));
  }

 private:
  Duration total_;
  std::size_t columns_;
};

// What one cell shows, so that the legend lists only what the chart shows.
struct Cell {
  enum class Of { nothing, state, mark, ending } of = Of::nothing;
  State state = State::running;
  MarkKind mark = MarkKind::print;
  Ending ending = Ending::none;
  bool empty() const { return of == Of::nothing; }
};

struct Shown {
  std::set<State> states;
  std::set<Mode> blocking;  // the modes whose lanes show a blocking call: the legend's words
  std::set<MarkKind> marks;
  std::set<Ending> endings;
  std::set<StopReason> cancelled_by;
};

// A run's header, in the words of the text trace: how it ended (and the speed-up); past the
// width, the counts go on a second line.
std::vector<std::string> header(const RecordedRun& run, const std::string& speed_up,
                                std::size_t width, const Glyphs& glyphs) {
  const std::string mode = fmt::format("{:<5}  ", to_string(run.mode));
  if (!run.complete) return {mode + "did not finish"};
  std::string text = mode + run_outcome(run.facts);
  if (run.mode == Mode::async && !speed_up.empty()) text += ", " + speed_up + " faster";
  if (columns_of(text) <= width) return {text};
  const std::size_t colon = text.find(": ");
  if (colon == std::string::npos) return {fit_text(text, width, glyphs.ellipsis)};
  return {fit_text(text.substr(0, colon + 1), width, glyphs.ellipsis),
          fit_text(std::string(mode.size(), ' ') + text.substr(colon + 2), width, glyphs.ellipsis)};
}

// One lane: states in paint order, then marks, then where the task ended, so that the rarer,
// more telling marks win a shared cell.
std::string lane_cells(const Lane& lane, Mode mode, const Scale& scale, std::size_t columns,
                       const Glyphs& glyphs, Shown& shown) {
  std::vector<Cell> cells(columns + 1);
  std::vector<const Span*> spans;
  for (const Span& span : lane.spans) spans.push_back(&span);
  std::stable_sort(spans.begin(), spans.end(), [](const Span* a, const Span* b) {
    return look_of(a->state).paint_order < look_of(b->state).paint_order;
  });
  for (const Span* span : spans) {
    const std::size_t from = scale.column(span->from);
    // A span ends where the next begins: its last column belongs to what follows. One too short
    // for a column of its own is only drawn where nothing else is.
    const std::size_t to = scale.column(span->to);
    Cell cell;
    cell.of = Cell::Of::state;
    cell.state = span->state;
    if (to <= from || scale.at(span->to) - scale.at(span->from) < 0.5) {
      if (from < columns && cells[from].empty()) cells[from] = cell;
      continue;
    }
    for (std::size_t c = from; c < to && c < columns; ++c) cells[c] = cell;
  }
  for (const Mark& mark : lane.marks) {
    Cell& cell = cells[scale.column(mark.t)];
    cell.of = Cell::Of::mark;
    cell.mark = mark.kind;
  }
  if (lane.ended) {
    // Where it ended, or just after when a mark or a span already marks that moment.
    std::size_t at = scale.column(*lane.ended);
    if (!cells[at].empty()) ++at;
    cells[at].of = Cell::Of::ending;
    cells[at].ending = lane.ending;
  }
  std::string text;
  for (const Cell& cell : cells) {
    switch (cell.of) {
      case Cell::Of::nothing:
        text += ' ';
        break;
      case Cell::Of::state:
        text += glyphs.of(cell.state);
        shown.states.insert(cell.state);
        if (cell.state == State::blocking) shown.blocking.insert(mode);
        break;
      case Cell::Of::mark:
        text += glyphs.of(cell.mark);
        shown.marks.insert(cell.mark);
        break;
      case Cell::Of::ending:
        text += glyphs.of(cell.ending);
        shown.endings.insert(cell.ending);
        if (cell.ending == Ending::cancelled) shown.cancelled_by.insert(lane.cancelled_by);
        break;
    }
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string cancelled_legend(const Shown& shown) {
  std::string by;
  for (StopReason reason : shown.cancelled_by) {
    const std::string_view words = cancelled_by(reason);
    if (words.empty()) continue;
    if (!by.empty()) by += ", ";
    by += words;
  }
  if (by.empty()) return "cancelled";
  return shown.cancelled_by.size() == 1 ? "cancelled " + by : "cancelled (" + by + ")";
}

// The legend: what the chart shows, wrapped to the width.
void add_legend(std::vector<std::string>& lines, const Shown& shown, const Glyphs& glyphs,
                std::size_t width) {
  std::vector<std::pair<std::string_view, std::string>> items;
  for (const StateLook& look : states()) {
    if (!shown.states.contains(look.state)) continue;
    items.emplace_back(glyphs.of(look.state),
                       legend_of(look.state, shown.blocking.contains(Mode::sync),
                                 shown.blocking.contains(Mode::async)));
  }
  for (MarkKind kind : {MarkKind::print, MarkKind::data}) {
    if (shown.marks.contains(kind)) items.emplace_back(glyphs.of(kind), look_of(kind).legend);
  }
  for (Ending ending : {Ending::finished, Ending::failed, Ending::cancelled}) {
    if (!shown.endings.contains(ending)) continue;
    items.emplace_back(glyphs.of(ending), ending == Ending::cancelled
                                              ? cancelled_legend(shown)
                                              : std::string(look_of(ending).legend));
  }
  std::string line(kIndent, ' ');
  std::size_t used = kIndent;
  for (const auto& [glyph, meaning] : items) {
    const std::string item =
        fit_text(fmt::format("{} {}", glyph, meaning), width - kIndent, glyphs.ellipsis);
    const std::size_t item_columns = columns_of(item);
    if (used > kIndent && used + 2 + item_columns > width) {
      lines.push_back(line);
      line = std::string(kIndent, ' ');
      used = kIndent;
    }
    if (used > kIndent) {
      line += "  ";
      used += 2;
    }
    line += item;
    used += item_columns;
  }
  if (used > kIndent) lines.push_back(line);
}

}  // namespace

std::vector<std::string> draw_timeline(const std::vector<RecordedRun>& runs,
                                       const ChartStyle& style) {
  if (style.width < kNarrowestChart) {
    // One line that fits, never a chart that wraps into a mess.
    return {fit_text(fmt::format("(timeline needs {} cols)", kNarrowestChart), style.width, ".")};
  }
  const Glyphs& glyphs = style.unicode ? kUnicode : kAscii;
  std::size_t longest_name = 0;
  for (const RecordedRun& run : runs) {
    for (std::size_t i = 0; i < run.lanes.size() && i < style.most_lanes; ++i) {
      longest_name = std::max(longest_name, columns_of(shown_name(run.lanes[i])));
    }
  }
  // Names take at most a third of the room, so that the chart keeps two thirds; the last
  // column is kept for the mark of a task that ends at the very end.
  const std::size_t room = style.width - kIndent - kGutter - 1;
  const std::size_t name_width = std::min(longest_name, std::max(kFewestNameColumns, room / 3));
  const std::size_t columns = room - name_width;
  const std::size_t left = kIndent + name_width + kGutter;
  const Duration total = longest_elapsed(runs);
  const Scale scale(total, columns);
  const std::string speed_up = speed_up_of(runs);

  std::vector<std::string> lines;
  Shown shown;
  for (const RecordedRun& run : runs) {
    for (std::string& line : header(run, speed_up, style.width, glyphs)) {
      lines.push_back(std::move(line));
    }
    for (std::size_t i = 0; i < run.lanes.size() && i < style.most_lanes; ++i) {
      const Lane& lane = run.lanes[i];
      const std::string name = fit_text(shown_name(lane), name_width, glyphs.ellipsis);
      std::string line = std::string(kIndent, ' ') + name +
                         std::string(name_width - columns_of(name) + kGutter, ' ') +
                         lane_cells(lane, run.mode, scale, columns, glyphs, shown);
      // A failure says why after its mark, where the lane has room left.
      const std::size_t used = columns_of(line);
      if (lane.ending == Ending::failed && !lane.message.empty() && used + 4 < style.width) {
        line += "  " + fit_text(one_line(lane.message), style.width - used - 2, glyphs.ellipsis);
      }
      lines.push_back(line);
    }
    if (run.lanes.size() > style.most_lanes) {
      lines.push_back(fmt::format("{}... and {} more tasks", std::string(kIndent, ' '),
                                  run.lanes.size() - style.most_lanes));
    }
  }

  // Ticks at round times, far enough apart for the longest label.
  const Duration step = tick_step(total, static_cast<double>(columns - 1), 8.0);
  std::vector<std::string_view> axis_cells(columns, glyphs.axis);
  std::string labels;
  std::size_t label_end = 0;  // first free column on the label line
  for (Duration t{}; t <= total; t += step) {
    const std::size_t column = scale.column(t);
    axis_cells[column] = glyphs.tick;
    const std::string label = format_duration(t);
    if (column >= label_end && column + label.size() <= columns + 1) {
      labels += std::string(column - label_end, ' ') + label + ' ';
      label_end = column + label.size() + 1;
    }
    if (total <= Duration::zero()) break;
  }
  std::string axis;
  for (std::string_view cell : axis_cells) axis += cell;
  while (!labels.empty() && labels.back() == ' ') labels.pop_back();
  const std::string margin(left, ' ');
  lines.push_back(margin + axis);
  lines.push_back(margin + labels);
  add_legend(lines, shown, glyphs, style.width);
  return lines;
}

}  // namespace asyncdemo
