#include "asyncdemo/pictures/svg_timeline.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/pictures/text_fit.hpp"
#include "asyncdemo/pictures/time_axis.hpp"

namespace asyncdemo {
namespace {

// Geometry, in pixels.
constexpr double kWidth = 960;
constexpr double kTitleHeight = 64;
constexpr double kRunHeaderHeight = 42;
constexpr double kLaneHeight = 40;  // a row of labels above a bar
constexpr double kBarTop = 18;      // within a lane
constexpr double kBarHeight = 16;
constexpr double kRunGap = 14;
constexpr double kAxisHeight = 44;
constexpr double kLegendRowHeight = 24;
constexpr double kLegendGap = 10;
constexpr double kLeftMargin = 16;
constexpr double kRightMargin = 40;
// Past this many lanes per run a picture stops being readable: the rest are counted instead.
constexpr std::size_t kMostLanes = 200;
// The longest task name written in full; longer ones end in an ellipsis (the tooltip has all).
constexpr std::size_t kLongestName = 22;
// Average advance of a character at these sizes in common sans-serif fonts; generous, so that
// a label never overflows what it was measured for.
constexpr double kCharWidth14 = 8.6;
constexpr double kCharWidth13 = 7.8;
constexpr double kCharWidth12 = 6.8;
constexpr double kCharWidth11 = 6.6;

constexpr std::string_view kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";
constexpr std::string_view kInk = "#1f2933";
constexpr std::string_view kMutedInk = "#52606d";

std::string px(double value) {
  return fmt::format("{:.1f}", value);
}

// How many characters of a font size fit in `width` pixels.
std::size_t chars_in(double width, double char_width) {
  return width <= 0 ? 0 : static_cast<std::size_t>(width / char_width);
}

class Scale {
 public:
  Scale(Duration total, double x0, double width) : total_(total), x0_(x0), width_(width) {}
  double x(Duration t) const {
    if (total_ <= Duration::zero()) return x0_;
    return x0_ + static_cast<double>(t.count()) / static_cast<double>(total_.count()) * width_;
  }
  double width(Duration from, Duration to) const { return x(to) - x(from); }

 private:
  Duration total_;
  double x0_;
  double width_;
};

// What the picture shows, for its legend.
struct Shown {
  std::set<State> states;
  std::set<Mode> blocking;  // the modes whose runs show a blocking call: the legend's words
  std::set<MarkKind> marks;
  std::set<Ending> endings;
  std::set<StopReason> cancelled_by;
};

std::string title_of(const std::vector<RecordedRun>& runs) {
  std::string title = "asyncdemo:";
  bool first = true;
  for (const RecordedRun& run : runs) {
    std::string how = format_time(run.facts.elapsed);
    if (!run.complete) how = "unfinished";
    if (run.complete && !finished_cleanly(run.facts)) how = run_outcome(run.facts);
    title += fmt::format("{} {} {}", first ? "" : ",", to_string(run.mode), how);
    first = false;
  }
  const std::string speed_up = speed_up_of(runs);
  if (!speed_up.empty()) title += " (async is " + speed_up + " faster)";
  return title;
}

// A run's header: how it ended, in bold, and below it what its tasks do.
std::string run_ending_of(const RecordedRun& run) {
  if (!run.complete) return fmt::format("{}: did not finish", to_string(run.mode));
  return fmt::format("{}: {}", to_string(run.mode), run_outcome(run.facts));
}

// A bar's label: its duration; what part of the asked time passed when a stop cut it short.
std::string label_of(const Span& span) {
  const bool asked = span.state == State::asleep || span.state == State::on_thread ||
                     span.state == State::blocking;
  if (span.cut_short && asked && span.asked > Duration::zero()) {
    return label_duration(span.length()) + " of " + label_duration(span.asked);
  }
  return bar_label(span.length(), asked ? span.asked : Duration{});
}

std::string tooltip_of(const Lane& lane, const Span& span) {
  std::string why;
  if (span.cause != Cause::none) {
    why = std::string(to_string(span.cause));
    if (span.asked > Duration::zero()) why += " " + format_duration(span.asked);
    if (span.worker != 0) why += fmt::format(", thread {}", span.worker);
    why = " (" + why + ")";
  }
  return fmt::format("{}: {} {}{}, {} to {}{}", lane.task, look_of(span.state).name,
                     label_duration(span.length()), why, format_time(span.from),
                     format_time(span.to), span.cut_short ? ", cancelled" : "");
}

void draw_span(std::string& svg, const Lane& lane, const Span& span, const Scale& scale,
               double bar_top, Mode mode, Shown& shown) {
  const StateLook& look = look_of(span.state);
  const double x = scale.x(span.from);
  double width = scale.width(span.from, span.to);
  // Too thin to see: not drawn nor in the legend, except where a task ran, however briefly
  // (drawn, but then not in the legend).
  constexpr double kThinnest = 1.5;
  if (width >= kThinnest) shown.states.insert(span.state);
  if (span.state == State::running) {
    width = std::max(width, 2.0);
  } else if (width < kThinnest) {
    return;
  }
  if (span.state == State::blocking) shown.blocking.insert(mode);
  const double middle = bar_top + kBarHeight / 2;
  svg += fmt::format(
      R"(<rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="{}" )"
      R"(data-from-ns="{}" data-to-ns="{}"><title>{}</title></rect>)"
      "\n",
      look.name == "on a thread" ? "on_thread" : look.name, px(x), px(bar_top), px(width),
      px(kBarHeight), span.state == State::running ? "0" : "3", look.fill, look.stroke,
      span.from.count(), span.to.count(), xml_escape(tooltip_of(lane, span)));
  if (span.state == State::running) return;
  const std::string label = label_of(span);
  if (width >= static_cast<double>(columns_of(label)) * kCharWidth11 + 10) {
    svg +=
        fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>)"
                    "\n",
                    px(x + width / 2), px(middle + 4), kInk, xml_escape(label));
  }
}

// A mark's label, written above the bar from the mark to where the next one begins; ending at
// the mark instead when there is more room before it (the last print of a lane, at the end).
void draw_mark_labels(std::string& svg, const Lane& lane, const Scale& scale, double top,
                      double chart_left) {
  constexpr double kSameSpot = 6;      // marks closer than this share the first one's label
  double free_from = chart_left - 10;  // where the previous label ended
  for (std::size_t i = 0; i < lane.marks.size(); ++i) {
    const double x = scale.x(lane.marks[i].t);
    if (i > 0 && x - scale.x(lane.marks[i - 1].t) < kSameSpot) continue;
    double end = kWidth - 8;
    for (std::size_t j = i + 1; j < lane.marks.size(); ++j) {
      const double next = scale.x(lane.marks[j].t);
      if (next - x >= kSameSpot) {
        end = next - 6;
        break;
      }
    }
    const std::string text = one_line(lane.marks[i].text);
    const double right = end - (x - 4);
    const double left = (x + 4) - free_from;
    const double needed = static_cast<double>(columns_of(text)) * kCharWidth11;
    const bool before = needed > right && left > right;
    const std::string label = fit_text(text, chars_in(before ? left : right, kCharWidth11));
    if (columns_of(label) < 4) continue;  // too little to read: the tooltip has it
    const double width = static_cast<double>(columns_of(label)) * kCharWidth11;
    svg +=
        fmt::format(R"(<text class="mark-label" x="{}" y="{}" font-size="11" fill="{}"{}>{}</text>)"
                    "\n",
                    px(before ? x + 4 : x - 4), px(top + 13), kMutedInk,
                    before ? R"( text-anchor="end")" : "", xml_escape(label));
    free_from = before ? x + 4 + 6 : x - 4 + width + 6;
  }
}

void draw_mark(std::string& svg, const Lane& lane, const Mark& mark, double x, double middle,
               Shown& shown) {
  shown.marks.insert(mark.kind);
  const MarkLook& look = look_of(mark.kind);
  const std::string title =
      mark.kind == MarkKind::print
          ? fmt::format("{} printed \"{}\" at {}", lane.task, one_line(mark.text),
                        format_time(mark.t))
          : fmt::format("{} received {} at {}", lane.task, mark.text, format_time(mark.t));
  if (mark.kind == MarkKind::print) {
    svg +=
        fmt::format(R"(<circle class="print" cx="{}" cy="{}" r="5.5" fill="{}" stroke="#ffffff" )"
                    R"(stroke-width="1.5"><title>{}</title></circle>)"
                    "\n",
                    px(x), px(middle), look.fill, xml_escape(title));
  } else {
    svg += fmt::format(
        R"(<path class="data" d="M{} {} l6 6 l-6 6 l-6 -6 z" fill="{}" stroke="#ffffff" )"
        R"(stroke-width="1.5"><title>{}</title></path>)"
        "\n",
        px(x), px(middle - 6), look.fill, xml_escape(title));
  }
}

void draw_ending(std::string& svg, const Lane& lane, const Scale& scale, double middle,
                 double chart_left, Shown& shown) {
  if (!lane.ended || lane.ending == Ending::none) return;
  shown.endings.insert(lane.ending);
  const EndingLook& look = look_of(lane.ending);
  const double x = scale.x(*lane.ended) + 9;
  const std::string at = lane.at.empty() ? std::string() : " in " + lane.at;
  switch (lane.ending) {
    case Ending::finished:
      svg += fmt::format(R"(<path class="finished" d="M{} {} l4 4 l7 -9" fill="none" stroke="{}" )"
                         R"(stroke-width="2"><title>{} finished at {}</title></path>)"
                         "\n",
                         px(x - 2), px(middle), look.colour, xml_escape(lane.task),
                         format_time(*lane.ended));
      break;
    case Ending::failed: {
      const std::string message = one_line(lane.message);
      svg += fmt::format(
          R"(<g class="failed"><circle cx="{}" cy="{}" r="7" fill="{}"/>)"
          R"(<text x="{}" y="{}" text-anchor="middle" font-size="11" font-weight="bold" )"
          R"(fill="#ffffff">!</text><title>{} failed{} at {}: {}</title></g>)"
          "\n",
          px(x + 3), px(middle), look.colour, px(x + 3), px(middle + 4), xml_escape(lane.task),
          xml_escape(at), format_time(*lane.ended), xml_escape(message));
      // The message beside the mark; above the bar, ending at the mark, when the chart ends
      // there.
      const double right = kWidth - 8 - (x + 14);
      const bool above = right < 8 * kCharWidth11;
      const std::string shown_message =
          fit_text(message, chars_in(above ? x + 10 - chart_left : right, kCharWidth11));
      if (!shown_message.empty()) {
        svg += fmt::format(
            R"(<text class="failure" x="{}" y="{}" font-size="11" fill="{}"{}>{}</text>)"
            "\n",
            px(above ? x + 10 : x + 14), px(above ? middle - kBarHeight / 2 - 5 : middle + 4),
            look.colour, above ? R"( text-anchor="end")" : "", xml_escape(shown_message));
      }
      break;
    }
    case Ending::cancelled:
      shown.cancelled_by.insert(lane.cancelled_by);
      svg += fmt::format(
          R"(<text class="cancelled" x="{}" y="{}" font-size="15" font-weight="bold" fill="{}">)"
          "×<title>{} was cancelled{} at {} {}</title></text>\n",
          px(x - 4), px(middle + 5), look.colour, xml_escape(lane.task), xml_escape(at),
          format_time(*lane.ended), cancelled_by(lane.cancelled_by));
      break;
    case Ending::none:
      break;
  }
}

double name_indent(const Lane& lane) {
  return static_cast<double>(2 * shown_depth(lane)) * kCharWidth13;
}

void draw_lane(std::string& svg, const Lane& lane, Mode mode, const Scale& scale, double top,
               double label_x, bool shaded, Shown& shown) {
  const double bar_top = top + kBarTop;
  const double middle = bar_top + kBarHeight / 2;
  if (shaded) {
    svg += fmt::format(R"(<rect x="0" y="{}" width="{}" height="{}" fill="#f4f6f8"/>)"
                       "\n",
                       px(top), px(kWidth), px(kLaneHeight));
  }
  // Names start at the margin, a spawned task's indented under its spawner's: the spawn tree.
  const std::string name = fit_text(lane.task, kLongestName);
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="13" fill="{}">{}<title>{}</title></text>)"
                     "\n",
                     px(kLeftMargin + name_indent(lane)), px(middle + 4.5), kInk, xml_escape(name),
                     xml_escape(lane.task));
  svg += fmt::format(R"(<g class="lane" data-task="{}">)"
                     "\n",
                     xml_escape(lane.task));
  for (const Span& span : lane.spans) draw_span(svg, lane, span, scale, bar_top, mode, shown);
  draw_mark_labels(svg, lane, scale, top, label_x + 18);
  for (const Mark& mark : lane.marks) draw_mark(svg, lane, mark, scale.x(mark.t), middle, shown);
  draw_ending(svg, lane, scale, middle, label_x + 18, shown);
  svg += "</g>\n";
}

void draw_axis(std::string& svg, const Scale& scale, Duration total, double top, double x0,
               double width) {
  svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)"
                     "\n",
                     px(x0), px(top), px(x0 + width), px(top), kInk);
  const Duration step = tick_step(total, width, 70);
  for (Duration t{}; t <= total; t += step) {
    const double x = scale.x(t);
    svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>)"
                       "\n",
                       px(x), px(top), px(x), px(top + 6), kInk);
    svg +=
        fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="{}">{}</text>)"
                    "\n",
                    px(x), px(top + 21), kInk, format_duration(t));
    if (total <= Duration::zero()) break;
  }
}

// One legend entry: how to draw its swatch at (x, y), and its words.
struct LegendItem {
  std::function<std::string(double x, double y)> swatch;
  std::string words;
};

std::string cancelled_words(const Shown& shown) {
  std::string by;
  for (StopReason reason : shown.cancelled_by) {
    const std::string_view words = cancelled_by(reason);
    if (words.empty()) continue;
    by += std::string(by.empty() ? "" : ", ") + std::string(words);
  }
  if (by.empty()) return "cancelled";
  return shown.cancelled_by.size() == 1 ? "cancelled " + by : "cancelled (" + by + ")";
}

std::vector<LegendItem> legend_items(const Shown& shown) {
  std::vector<LegendItem> items;
  for (const StateLook& look : states()) {
    if (!shown.states.contains(look.state)) continue;
    items.push_back(
        {[&look](double x, double y) {
           return fmt::format(
               R"(<rect x="{}" y="{}" width="22" height="12" rx="3" fill="{}" stroke="{}"/>)",
               px(x), px(y - 10), look.fill, look.stroke);
         },
         legend_of(look.state, shown.blocking.contains(Mode::sync),
                   shown.blocking.contains(Mode::async))});
  }
  if (shown.marks.contains(MarkKind::print)) {
    items.push_back({[](double x, double y) {
                       return fmt::format(R"(<circle cx="{}" cy="{}" r="5.5" fill="{}"/>)",
                                          px(x + 11), px(y - 4), look_of(MarkKind::print).fill);
                     },
                     std::string(look_of(MarkKind::print).legend)});
  }
  if (shown.marks.contains(MarkKind::data)) {
    items.push_back({[](double x, double y) {
                       return fmt::format(R"(<path d="M{} {} l6 6 l-6 6 l-6 -6 z" fill="{}"/>)",
                                          px(x + 11), px(y - 10), look_of(MarkKind::data).fill);
                     },
                     std::string(look_of(MarkKind::data).legend)});
  }
  if (shown.endings.contains(Ending::finished)) {
    items.push_back(
        {[](double x, double y) {
           return fmt::format(
               R"(<path d="M{} {} l4 4 l7 -9" fill="none" stroke="{}" stroke-width="2"/>)",
               px(x + 5), px(y - 4), look_of(Ending::finished).colour);
         },
         "finished"});
  }
  if (shown.endings.contains(Ending::failed)) {
    items.push_back({[](double x, double y) {
                       return fmt::format(
                           R"(<circle cx="{}" cy="{}" r="7" fill="{}"/><text x="{}" y="{}" )"
                           R"(text-anchor="middle" font-size="11" font-weight="bold" )"
                           R"(fill="#ffffff">!</text>)",
                           px(x + 11), px(y - 4), look_of(Ending::failed).colour, px(x + 11),
                           px(y));
                     },
                     "failed"});
  }
  if (shown.endings.contains(Ending::cancelled)) {
    items.push_back(
        {[](double x, double y) {
           return fmt::format(
               R"(<text x="{}" y="{}" font-size="15" font-weight="bold" fill="{}">×</text>)",
               px(x + 5), px(y + 1), look_of(Ending::cancelled).colour);
         },
         cancelled_words(shown)});
  }
  return items;
}

// The legend's rows, items placed left to right and wrapped to the picture's width.
std::vector<std::string> legend_rows(const Shown& shown, double x0) {
  std::vector<std::string> rows;
  std::string row;
  double x = x0;
  for (const LegendItem& item : legend_items(shown)) {
    const double width = 28 + static_cast<double>(columns_of(item.words)) * kCharWidth12 + 18;
    if (x > x0 && x + width > kWidth - kLeftMargin) {
      rows.push_back(row);
      row.clear();
      x = x0;
    }
    const double y = static_cast<double>(rows.size()) * kLegendRowHeight + 17;
    row += item.swatch(x, y);
    row += fmt::format(R"(<text x="{}" y="{}">{}</text>)"
                       "\n",
                       px(x + 28), px(y), xml_escape(item.words));
    x += width;
  }
  if (!row.empty()) rows.push_back(row);
  return rows;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      out += length == 0 ? std::string_view("\xEF\xBF\xBD") : text.substr(i, length);
      i += length == 0 ? 1 : length;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += fmt::format("&#{};", static_cast<int>(c));
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\xEF\xBF\xBD";
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

std::string draw_svg(const std::vector<RecordedRun>& runs) {
  double name_end = 4 * kCharWidth13;  // from the margin to the end of the longest name
  std::size_t lanes = 0;
  for (const RecordedRun& run : runs) {
    const std::size_t drawn = std::min(run.lanes.size(), kMostLanes);
    lanes += drawn + (run.lanes.size() > drawn ? 1 : 0);
    for (std::size_t i = 0; i < drawn; ++i) {
      name_end = std::max(
          name_end, name_indent(run.lanes[i]) +
                        static_cast<double>(columns_of(fit_text(run.lanes[i].task, kLongestName))) *
                            kCharWidth13);
    }
  }
  const double label_x = kLeftMargin + name_end;
  const double x0 = label_x + 18;
  const double chart_width = kWidth - x0 - kRightMargin;
  const Duration total = longest_elapsed(runs);
  const Scale scale(total, x0, chart_width);

  // The lanes first, into their own buffer: the legend (and so the height) depends on them.
  std::string body;
  Shown shown;
  double y = kTitleHeight;
  for (const RecordedRun& run : runs) {
    body += fmt::format(R"(<g class="run" data-mode="{}">)"
                        "\n",
                        to_string(run.mode));
    const std::string ending =
        fit_text(run_ending_of(run), chars_in(kWidth - 2 * kLeftMargin - 120, kCharWidth14));
    const std::string heading = fit_text(run_heading(run.mode, run.facts),
                                         chars_in(kWidth - 2 * kLeftMargin, kCharWidth12));
    body += fmt::format(
        R"(<text x="{}" y="{}" font-size="14" font-weight="bold" fill="{}">{})"
        R"(<tspan dx="8" font-size="12" font-weight="normal" fill="{}">({} clock)</tspan></text>)"
        "\n"
        R"(<text x="{}" y="{}" font-size="12" fill="{}">{}</text>)"
        "\n",
        px(kLeftMargin), px(y + 18), kInk, xml_escape(ending), kMutedInk,
        to_string(run.facts.clock), px(kLeftMargin), px(y + 35), kMutedInk, xml_escape(heading));
    y += kRunHeaderHeight;
    bool shaded = true;
    for (std::size_t i = 0; i < run.lanes.size() && i < kMostLanes; ++i) {
      draw_lane(body, run.lanes[i], run.mode, scale, y, label_x, shaded, shown);
      shaded = !shaded;
      y += kLaneHeight;
    }
    if (run.lanes.size() > kMostLanes) {
      body += fmt::format(
          R"(<text x="{}" y="{}" font-size="13" fill="{}">... and {} more tasks</text>)"
          "\n",
          px(kLeftMargin), px(y + kLaneHeight / 2 + 4.5), kInk, run.lanes.size() - kMostLanes);
      y += kLaneHeight;
    }
    body += "</g>\n";
    y += kRunGap;
  }
  draw_axis(body, scale, total, y, x0, chart_width);
  y += kAxisHeight;
  const std::vector<std::string> legend = legend_rows(shown, x0);
  body +=
      fmt::format(R"svg(<g class="legend" font-size="12" fill="{}" transform="translate(0 {})">)svg"
                  "\n",
                  kInk, px(y));
  for (const std::string& row : legend) body += row;
  body += "</g>\n";
  const double height = y + static_cast<double>(legend.size()) * kLegendRowHeight + kLegendGap;

  const std::string title = title_of(runs);
  std::string svg = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n"
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
      R"(font-family="{2}">)"
      "\n",
      px(kWidth), px(height), kFont);
  svg += fmt::format("<title>{}</title>\n", xml_escape(title));
  svg += fmt::format(R"(<rect width="100%" height="100%" fill="#ffffff"/>)"
                     "\n"
                     R"(<text x="{}" y="34" font-size="20" font-weight="bold" fill="{}">{}</text>)"
                     "\n",
                     px(kLeftMargin), kInk,
                     xml_escape(fit_text(title, chars_in(kWidth - 2 * kLeftMargin, 11.5))));
  svg += body;
  svg += "</svg>\n";
  return svg;
}

}  // namespace asyncdemo
