#include "asyncdemo/pictures/svg_timeline.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/pictures/time_axis.hpp"

namespace asyncdemo {
namespace {

// Geometry, in pixels.
constexpr double kWidth = 960;
constexpr double kTitleHeight = 64;
constexpr double kRunHeaderHeight = 30;
constexpr double kLaneHeight = 30;
constexpr double kBarHeight = 16;
constexpr double kRunGap = 14;
constexpr double kAxisHeight = 44;
constexpr double kLegendHeight = 34;
constexpr double kRightMargin = 40;
// Past this many lanes per run a picture stops being readable: the rest are counted instead.
constexpr std::size_t kMostLanes = 200;
// Average advance of a character at 13px and 11px in common sans-serif fonts; generous, so
// that a label never overflows what it was measured for.
constexpr double kCharWidth13 = 7.8;
constexpr double kCharWidth11 = 6.6;

constexpr std::string_view kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";
constexpr std::string_view kSleepFill = "#a8c8f0";
constexpr std::string_view kSleepStroke = "#3a6fb0";
constexpr std::string_view kRunningFill = "#2f855a";
constexpr std::string_view kPrintFill = "#e07b00";
constexpr std::string_view kInk = "#1f2933";
constexpr std::string_view kCancelColour = "#c53030";

std::string px(double value) {
  return fmt::format("{:.1f}", value);
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

std::string title_of(const std::vector<RecordedRun>& runs) {
  std::string title = "asyncdemo:";
  bool first = true;
  for (const RecordedRun& run : runs) {
    std::string total = format_time(run.facts.elapsed);
    if (!run.complete) total = "unfinished";
    if (run.complete && run.facts.cancelled > 0) total = "stopped after " + total;
    title += fmt::format("{} {} {}", first ? "" : ",", to_string(run.mode), total);
    first = false;
  }
  const std::string speed_up = speed_up_of(runs);
  if (!speed_up.empty()) title += " (async is " + speed_up + " faster)";
  return title;
}

std::string run_header(const RecordedRun& run) {
  const std::string what = run.mode == Mode::sync
                               ? "sync: one after another, each sleep blocks the thread"
                               : "async: coroutines on one event loop, a sleep lets others run";
  if (!run.complete) return what;
  if (run.facts.cancelled > 0) {
    return fmt::format("{} (stopped after {}, {} cancelled)", what, format_time(run.facts.elapsed),
                       run.facts.cancelled);
  }
  return fmt::format("{} (total {}, {} clock)", what, format_time(run.facts.elapsed),
                     to_string(run.facts.clock));
}

void draw_lane(std::string& svg, const Lane& lane, const Scale& scale, double top, double label_x,
               bool shaded) {
  const double middle = top + kLaneHeight / 2;
  const double bar_top = middle - kBarHeight / 2;
  if (shaded) {
    svg += fmt::format(R"(<rect x="0" y="{}" width="{}" height="{}" fill="#f4f6f8"/>)"
                       "\n",
                       px(top), px(kWidth), px(kLaneHeight));
  }
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">{}</text>)"
                     "\n",
                     px(label_x), px(middle + 4.5), kInk, xml_escape(lane.task));
  svg += fmt::format(R"(<g class="lane" data-task="{}">)"
                     "\n",
                     xml_escape(lane.task));
  for (const Span& span : lane.spans) {
    const double x = scale.x(span.from);
    const double width = scale.width(span.from, span.to);
    if (span.kind == SpanKind::sleeping) {
      // A sleep that a stop cut short says how much of it passed.
      const std::string label =
          span.cut_short ? format_duration(
                               std::chrono::round<std::chrono::milliseconds>(span.to - span.from)) +
                               " of " + format_duration(span.planned)
                         : format_duration(span.planned);
      svg += fmt::format(
          R"(<rect class="sleep" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}" )"
          R"(stroke="{}" data-from-ns="{}" data-to-ns="{}"><title>{} sleeps {} ({} to {}{})</title>)"
          "</rect>\n",
          px(x), px(bar_top), px(std::max(width, 1.0)), px(kBarHeight), kSleepFill, kSleepStroke,
          span.from.count(), span.to.count(), xml_escape(lane.task), format_duration(span.planned),
          format_time(span.from), format_time(span.to), span.cut_short ? ", cancelled" : "");
      if (width >= static_cast<double>(label.size()) * kCharWidth11 + 18) {
        svg += fmt::format(
            R"(<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>)"
            "\n",
            px(x + width / 2), px(middle + 4), kInk, label);
      }
    } else {
      svg += fmt::format(R"(<rect class="running" x="{}" y="{}" width="{}" height="{}" fill="{}">)"
                         "<title>{} runs ({} to {})</title></rect>\n",
                         px(x), px(bar_top), px(std::max(width, 2.0)), px(kBarHeight), kRunningFill,
                         xml_escape(lane.task), format_time(span.from), format_time(span.to));
    }
  }
  for (const PrintMark& mark : lane.prints) {
    svg +=
        fmt::format(R"(<circle class="print" cx="{}" cy="{}" r="5.5" fill="{}" stroke="#ffffff" )"
                    R"(stroke-width="1.5"><title>{} printed "{}" at {}</title></circle>)"
                    "\n",
                    px(scale.x(mark.t)), px(middle), kPrintFill, xml_escape(lane.task),
                    xml_escape(mark.text), format_time(mark.t));
  }
  if (lane.ended) {
    const double x = scale.x(*lane.ended) + 9;
    if (lane.cancelled || lane.failed) {
      svg += fmt::format(
          R"(<text class="cancelled" x="{}" y="{}" font-size="15" font-weight="bold" fill="{}">)"
          "×<title>{} {} at {}</title></text>\n",
          px(x - 4), px(middle + 5), kCancelColour, xml_escape(lane.task),
          lane.failed ? "failed" : "was cancelled", format_time(*lane.ended));
    } else {
      svg += fmt::format(R"(<path class="finished" d="M{} {} l4 4 l7 -9" fill="none" )"
                         R"(stroke="{}" stroke-width="2"><title>{} finished at {}</title></path>)"
                         "\n",
                         px(x - 2), px(middle), kRunningFill, xml_escape(lane.task),
                         format_time(*lane.ended));
    }
  }
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

void draw_legend(std::string& svg, double top, double x0) {
  const double y = top + 17;
  double x = x0;
  svg += fmt::format(R"(<g font-size="12" fill="{}">)"
                     "\n",
                     kInk);
  svg += fmt::format(R"(<rect x="{}" y="{}" width="22" height="12" rx="3" fill="{}" stroke="{}"/>)"
                     R"(<text x="{}" y="{}">sleeping</text>)"
                     "\n",
                     px(x), px(y - 10), kSleepFill, kSleepStroke, px(x + 28), px(y));
  x += 100;
  svg += fmt::format(R"(<rect x="{}" y="{}" width="6" height="12" fill="{}"/>)"
                     R"(<text x="{}" y="{}">running</text>)"
                     "\n",
                     px(x), px(y - 10), kRunningFill, px(x + 12), px(y));
  x += 85;
  svg += fmt::format(R"(<circle cx="{}" cy="{}" r="5.5" fill="{}"/>)"
                     R"(<text x="{}" y="{}">print (hover for the text)</text>)"
                     "\n",
                     px(x + 5), px(y - 4), kPrintFill, px(x + 16), px(y));
  x += 195;
  svg += fmt::format(R"(<path d="M{} {} l4 4 l7 -9" fill="none" stroke="{}" stroke-width="2"/>)"
                     R"(<text x="{}" y="{}">finished</text>)"
                     "\n",
                     px(x), px(y - 4), kRunningFill, px(x + 16), px(y));
  x += 85;
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="15" font-weight="bold" fill="{}">×</text>)"
                     R"(<text x="{}" y="{}">cancelled</text>)"
                     "\n",
                     px(x), px(y + 1), kCancelColour, px(x + 16), px(y));
  svg += "</g>\n";
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
  std::size_t name_length = 4;
  std::size_t lanes = 0;
  for (const RecordedRun& run : runs) {
    const std::size_t drawn = std::min(run.lanes.size(), kMostLanes);
    lanes += drawn + (run.lanes.size() > drawn ? 1 : 0);
    for (std::size_t i = 0; i < drawn; ++i) {
      name_length = std::max(name_length, run.lanes[i].task.size());
    }
  }
  const double label_x = 16 + static_cast<double>(name_length) * kCharWidth13;
  const double x0 = label_x + 18;
  const double chart_width = kWidth - x0 - kRightMargin;
  const Duration total = longest_elapsed(runs);
  const Scale scale(total, x0, chart_width);
  const double height = kTitleHeight +
                        static_cast<double>(runs.size()) * (kRunHeaderHeight + kRunGap) +
                        static_cast<double>(lanes) * kLaneHeight + kAxisHeight + kLegendHeight;

  std::string svg = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>)"
      "\n"
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
      R"(font-family="{2}">)"
      "\n",
      px(kWidth), px(height), kFont);
  const std::string title = title_of(runs);
  svg += fmt::format("<title>{}</title>\n", xml_escape(title));
  svg += fmt::format(R"(<rect width="100%" height="100%" fill="#ffffff"/>)"
                     "\n"
                     R"(<text x="16" y="34" font-size="20" font-weight="bold" fill="{}">{}</text>)"
                     "\n",
                     kInk, xml_escape(title));

  double y = kTitleHeight;
  for (const RecordedRun& run : runs) {
    svg += fmt::format(R"(<g class="run" data-mode="{}">)"
                       "\n",
                       to_string(run.mode));
    svg +=
        fmt::format(R"(<text x="16" y="{}" font-size="14" font-weight="bold" fill="{}">{}</text>)"
                    "\n",
                    px(y + 20), kInk, xml_escape(run_header(run)));
    y += kRunHeaderHeight;
    bool shaded = true;
    for (std::size_t i = 0; i < run.lanes.size() && i < kMostLanes; ++i) {
      draw_lane(svg, run.lanes[i], scale, y, label_x, shaded);
      shaded = !shaded;
      y += kLaneHeight;
    }
    if (run.lanes.size() > kMostLanes) {
      svg +=
          fmt::format(R"(<text x="16" y="{}" font-size="13" fill="{}">... and {} more tasks</text>)"
                      "\n",
                      px(y + kLaneHeight / 2 + 4.5), kInk, run.lanes.size() - kMostLanes);
      y += kLaneHeight;
    }
    svg += "</g>\n";
    y += kRunGap;
  }
  draw_axis(svg, scale, total, y, x0, chart_width);
  draw_legend(svg, y + kAxisHeight, x0);
  svg += "</svg>\n";
  return svg;
}

}  // namespace asyncdemo
