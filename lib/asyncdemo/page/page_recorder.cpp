#include "asyncdemo/page/page_recorder.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "asyncdemo/formats/json.hpp"
#include "asyncdemo/pictures/time_axis.hpp"
#include "asyncdemo/trace/event_schema.hpp"

namespace asyncdemo {
namespace {

// The fields the page's panel derives the loop's state from (pending timers, the pool, the
// sockets, locks and queues), by their names in the schema; the rest of an event is in its line.
constexpr std::array<std::string_view, 13> kPanelFields{
    "seconds", "worker", "url",  "address", "on",    "child", "target",
    "item",    "from",   "size", "holders", "woken", "reason"};

bool on_panel(std::string_view field) {
  return std::find(kPanelFields.begin(), kPanelFields.end(), field) != kPanelFields.end();
}

void append_count(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

void append_string(std::string& out, std::string_view text) {
  append_json_string(out, text);
}

// A number of seconds with six decimals, as the JSON-lines trace writes them.
void append_time(std::string& out, Duration t) {
  append_seconds(out, t);
}

// `{"seconds":1.000000,"on":"db"}`: the panel's fields of this event, or nothing.
void append_panel_fields(std::string& out, const TraceEvent& event) {
  bool first = true;
  for (FieldUse use : event_spec(event.kind).fields()) {
    const Field& field = use.spec();
    if (field.member.on_run() || !on_panel(field.name)) continue;
    const FieldValue value = load(field, event);
    if (!value.is_set()) continue;
    out += first ? ",{" : ",";
    first = false;
    append_string(out, field.name);
    out += ':';
    switch (value.kind) {
      case FieldKind::seconds:
        append_time(out, value.seconds);
        break;
      case FieldKind::count:
        append_count(out, value.count);
        break;
      default:
        append_string(out, value.text);
        break;
    }
  }
  if (!first) out += '}';
}

// What each state is called and how it is drawn, for the page's legend, lanes and panel.
void append_vocabulary(std::string& out, const std::vector<RecordedRun>& runs) {
  const bool sync_runs = has_mode(runs, Mode::sync);
  const bool async_runs = has_mode(runs, Mode::async);
  out += "\"states\":[";
  bool first = true;
  for (const StateLook& look : states()) {
    out += first ? "{" : ",{";
    first = false;
    out += "\"name\":";
    append_string(out, look.name);
    out += ",\"legend\":";
    append_string(out, legend_of(look.state, sync_runs, async_runs));
    out += ",\"fill\":";
    append_string(out, look.fill);
    out += ",\"stroke\":";
    append_string(out, look.stroke);
    out += ",\"pattern\":";
    append_string(out, look.pattern);
    out += '}';
  }
  out += "],\"marks\":[";
  for (MarkKind kind : {MarkKind::print, MarkKind::data}) {
    const MarkLook& look = look_of(kind);
    if (kind != MarkKind::print) out += ',';
    out += "{\"legend\":";
    append_string(out, look.legend);
    out += ",\"fill\":";
    append_string(out, look.fill);
    out += '}';
  }
  out += "],\"endings\":[";
  for (Ending ending : {Ending::none, Ending::finished, Ending::failed, Ending::cancelled}) {
    const EndingLook& look = look_of(ending);
    if (ending != Ending::none) out += ',';
    out += "{\"legend\":";
    append_string(out, look.legend);
    out += ",\"glyph\":";
    append_string(out, look.unicode);
    out += ",\"colour\":";
    append_string(out, look.colour);
    out += '}';
  }
  out += "],\"kinds\":[";
  for (std::size_t i = 0; i < kEvents.size(); ++i) {
    if (i > 0) out += ',';
    append_string(out, kEvents[i].name);
  }
  out += ']';
}

void append_lane(std::string& out, const Lane& lane) {
  out += "{\"task\":";
  append_string(out, lane.task);
  out += ",\"spans\":[";
  bool first = true;
  for (const Span& span : lane.spans) {
    if (span.length() <= Duration::zero()) continue;
    out += first ? "[" : ",[";
    first = false;
    append_count(out, static_cast<std::uint64_t>(span.state));
    out += ',';
    append_time(out, span.from);
    out += ',';
    append_time(out, span.to);
    out += ',';
    std::string words = bar_label(span.length(), span.asked);
    if (span.cause != Cause::none) words += fmt::format(" ({})", to_string(span.cause));
    if (span.worker != 0) words += fmt::format(" on thread {}", span.worker);
    if (span.cut_short) words += ", cut short";
    append_string(out, words);
    out += ']';
  }
  out += "],\"marks\":[";
  first = true;
  for (const Mark& mark : lane.marks) {
    out += first ? "[" : ",[";
    first = false;
    append_count(out, static_cast<std::uint64_t>(mark.kind));
    out += ',';
    append_time(out, mark.t);
    out += ',';
    append_string(out, one_line(mark.text));
    out += ']';
  }
  out += "],\"depth\":";
  append_count(out, shown_depth(lane));
  out += ",\"ending\":";
  append_count(out, static_cast<std::uint64_t>(lane.ending));
  out += ",\"ended\":";
  if (lane.ended) {
    append_time(out, *lane.ended);
  } else {
    out += "null";
  }
  out += ",\"why\":";
  std::string why;
  if (lane.ending == Ending::failed) {
    why = fmt::format("failed in {}{}", lane.at, lane.message.empty() ? "" : ": " + lane.message);
  } else if (lane.ending == Ending::cancelled) {
    why = fmt::format("cancelled {}{}", cancelled_by(lane.cancelled_by),
                      lane.at.empty() ? " before it started" : " in " + lane.at);
  }
  append_string(out, one_line(why));
  out += '}';
}

// How many tasks were in each state, on average, in each of kOverviewBuckets stretches of the
// run: the picture of a run with too many lanes to draw. Difference arrays keep it one step
// per span, whatever its length, so a million lanes take a moment.
void append_overview(std::string& out, const RecordedRun& run, Duration end) {
  constexpr std::size_t buckets = PageRecorder::kOverviewBuckets;
  const std::size_t kinds = states().size();
  std::vector<double> whole((buckets + 1) * kinds, 0.0);  // full buckets, as differences
  std::vector<double> part(buckets * kinds, 0.0);         // fractions at a span's ends
  const double width = static_cast<double>(std::max<Duration::rep>(end.count(), 1)) / buckets;
  const auto at = [width](Duration t) { return static_cast<double>(t.count()) / width; };
  for (const Lane& lane : run.lanes) {
    for (const Span& span : lane.spans) {
      if (span.length() <= Duration::zero()) continue;
      const std::size_t s = static_cast<std::size_t>(span.state);
      const double from = std::clamp(at(span.from), 0.0, static_cast<double>(buckets));
      const double to = std::clamp(at(span.to), 0.0, static_cast<double>(buckets));
      auto first = static_cast<std::size_t>(from);
      auto last = static_cast<std::size_t>(to);
      if (first >= buckets) first = buckets - 1;
      if (last >= buckets) last = buckets - 1;
      if (first == last) {
        part[first * kinds + s] += to - from;
        continue;
      }
      part[first * kinds + s] += static_cast<double>(first + 1) - from;
      part[last * kinds + s] += to - static_cast<double>(last);
      whole[(first + 1) * kinds + s] += 1.0;
      whole[last * kinds + s] -= 1.0;
    }
  }
  out += "{\"buckets\":";
  append_count(out, buckets);
  out += ",\"end\":";
  append_time(out, end);
  out += ",\"tasks\":";
  append_count(out, run.lanes.size());
  out += ",\"counts\":[";
  std::vector<double> running(kinds, 0.0);
  for (std::size_t b = 0; b < buckets; ++b) {
    out += b == 0 ? "[" : ",[";
    for (std::size_t s = 0; s < kinds; ++s) {
      running[s] += whole[b * kinds + s];
      if (s > 0) out += ',';
      out += fmt::format("{:.2f}", running[s] + part[b * kinds + s]);
    }
    out += ']';
  }
  out += "]}";
}

}  // namespace

PageRecorder::PageRecorder(Source source, ClockKind clock, std::size_t name_width)
    : source_(source), narrator_(clock), lines_(TextStyle{false, name_width}) {}

int PageRecorder::task_index(std::string_view task) {
  if (task.empty()) return -1;
  const auto [found, added] =
      task_index_.try_emplace(std::string(task), static_cast<int>(tasks_.size()));
  if (added) tasks_.emplace_back(task);
  return found->second;
}

void PageRecorder::say(std::string sentence) {
  if (sentence.empty()) return;
  if (!sentences_.empty()) sentences_ += '\n';
  sentences_ += sentence;
}

void PageRecorder::parked(const Parked& waiter, const LoopView& loop) {
  say(narrator_.parked_text(waiter, loop));
}
void PageRecorder::idle(const LoopView& loop, std::optional<Duration> wait) {
  say(narrator_.idle_text(loop, wait));
}
void PageRecorder::resuming(const Parked& waiter, const LoopView& loop) {
  say(narrator_.resuming_text(waiter, loop));
}
void PageRecorder::blocking(std::string_view task, std::string_view what, Duration now,
                            Duration until, const LoopView* loop) {
  say(narrator_.blocking_text(task, what, now, until, loop));
}
void PageRecorder::unblocked(std::string_view task, const LoopView* loop) {
  say(narrator_.unblocked_text(task, loop));
}

void PageRecorder::append_loop_state() {
  if (!loop_states_.empty()) loop_states_ += ',';
  if (loop_ == nullptr) {
    loop_states_ += "null";
    return;
  }
  const LoopView& loop = *loop_;
  std::array<std::string_view, kReadyLabels> labels;
  const std::size_t named = loop.ready_labels(labels);
  std::string& out = loop_states_;
  out += '[';
  append_count(out, loop.iteration());
  out += ',';
  append_count(out, loop.ready());
  out += ",[";
  for (std::size_t i = 0; i < named; ++i) {
    if (i > 0) out += ',';
    append_string(out, labels[i]);
  }
  out += "],";
  append_count(out, loop.timers());
  const TimedCallback* next = loop.next_timer();
  out += ',';
  if (next != nullptr) {
    append_string(out, next->label());
    out += ',';
    append_time(out, next->deadline);
  } else {
    out += "null,null";
  }
  const PoolState pool = loop.pool();
  for (std::uint64_t n : {std::uint64_t{pool.threads}, std::uint64_t{pool.busy},
                          std::uint64_t{pool.queued}, std::uint64_t{loop.network_waits()}}) {
    out += ',';
    append_count(out, n);
  }
  out += ']';
}

void PageRecorder::keep(const TraceEvent& event) {
  const std::size_t index = kept_++;
  if (index > 0) events_ += ',';
  events_ += '[';
  append_time(events_, event.t);
  events_ += ',';
  append_count(events_, static_cast<std::uint64_t>(event.kind));
  events_ += ',';
  const int task = task_index(event.task);
  const std::optional<State> state = event.task.empty() ? std::nullopt : runs_.state_of(event.task);
  events_ += fmt::format("{},{},", task, state ? static_cast<int>(*state) : -1);
  append_string(events_, lines_.line(event));
  append_panel_fields(events_, event);
  events_ += ']';
  append_loop_state();
  ++parts_.back().count;
}

void PageRecorder::keep_gap(const TraceEvent& run_end, std::size_t dropped) {
  if (kept_++ > 0) events_ += ',';
  events_ += '[';
  append_time(events_, run_end.t);
  events_ += ",-1,-1,-1,";
  append_string(events_, fmt::format("  ... {} events of this run are not on the page (it keeps "
                                     "the first {} of each run); the lanes show them all",
                                     dropped, kMostEventsPerRun - 1));
  events_ += ']';
  loop_states_ += loop_states_.empty() ? "null" : ",null";
  ++parts_.back().count;
}

void PageRecorder::add(const TraceEvent& event) {
  // Sentences said since the newest event explain what happened after it.
  if (!sentences_.empty()) {
    if (last_kept_) {
      if (!explain_.empty()) explain_ += ',';
      explain_ += fmt::format("\"{}\":", kept_ - 1);
      append_string(explain_, sentences_);
    }
    sentences_.clear();
  }
  if (event.kind == EventKind::run_start || parts_.empty()) {
    parts_.push_back(RunPart{});
    parts_.back().first = kept_;
  }
  runs_.add(event);
  RunPart& part = parts_.back();
  ++part.seen;
  const bool run_end = event.kind == EventKind::run_end;
  last_kept_ = part.seen < kMostEventsPerRun || run_end;
  if (!last_kept_) ++part.dropped;
  if (run_end && part.dropped > 0) keep_gap(event, part.dropped);
  if (last_kept_) keep(event);
  if (run_end) {
    part.statistics = lines_.statistics(event);
    part.summary = lines_.summary(event);
    loop_ = nullptr;  // the loop ends with its run
  }
}

std::string PageRecorder::json() const {
  const std::vector<RecordedRun>& runs = runs_.runs();
  std::string out = "{\"version\":\"asyncdemo " ASYNCDEMO_VERSION "\",\"source\":";
  out += source_ == Source::run ? "\"run\"" : "\"trace\"";
  out += ',';
  append_vocabulary(out, runs);
  const Duration longest = longest_elapsed(runs);
  out += ",\"longest\":";
  append_time(out, longest);
  out += ",\"ticks\":[";
  const Duration step = tick_step(longest, 820, 70);
  for (Duration t{}; t <= longest; t += step) {
    if (t > Duration::zero()) out += ',';
    out += '[';
    append_time(out, t);
    out += ',';
    append_string(out, format_duration(t));
    out += ']';
    if (longest <= Duration::zero() || step <= Duration::zero()) break;
  }
  out += "],\"speed_up\":";
  append_string(out, speed_up_of(runs));
  out += ",\"runs\":[";
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const RecordedRun& run = runs[r];
    const RunPart& part = r < parts_.size() ? parts_[r] : RunPart{};
    if (r > 0) out += ',';
    out += "{\"mode\":";
    append_string(out, to_string(run.mode));
    out += ",\"clock\":";
    append_string(out, to_string(run.facts.clock));
    out += ",\"heading\":";
    append_string(out, run_heading(run.mode, run.facts));
    out += ",\"outcome\":";
    append_string(out, run.complete ? run_outcome(run.facts) : std::string("did not end"));
    out += ",\"theory\":";
    append_string(out, theory_words(run.mode, run.facts));
    out += ",\"statistics\":";
    append_string(out, part.statistics);
    out += ",\"summary\":[";
    for (std::size_t i = 0; i < part.summary.size(); ++i) {
      if (i > 0) out += ',';
      append_string(out, part.summary[i]);
    }
    out += "],\"elapsed\":";
    append_time(out, run.facts.elapsed);
    out += fmt::format(",\"complete\":{},\"first\":{},\"count\":{},\"dropped\":{},\"threads\":{}",
                       run.complete, part.first, part.count, part.dropped, run.facts.threads);
    if (run.lanes.size() <= kMostLanes) {
      out += ",\"lanes\":[";
      for (std::size_t i = 0; i < run.lanes.size(); ++i) {
        if (i > 0) out += ',';
        append_lane(out, run.lanes[i]);
      }
      out += "],\"overview\":null}";
    } else {
      out += ",\"lanes\":null,\"overview\":";
      append_overview(out, run, std::max(run.facts.elapsed, Duration(1)));
      out += '}';
    }
  }
  out += "],\"tasks\":[";
  for (std::size_t i = 0; i < tasks_.size(); ++i) {
    if (i > 0) out += ',';
    append_string(out, tasks_[i]);
  }
  out += "],\"events\":[";
  out += events_;
  out += "],\"loop\":";
  out += source_ == Source::run ? "[" + loop_states_ + "]" : std::string("null");
  out += ",\"explain\":";
  std::string explain = explain_;
  if (!sentences_.empty() && last_kept_) {
    if (!explain.empty()) explain += ',';
    explain += fmt::format("\"{}\":", kept_ - 1);
    append_string(explain, sentences_);
  }
  out += source_ == Source::run ? "{" + explain + "}" : std::string("null");
  out += '}';
  // Inside a <script> element "</script>" or "<!--" would end or bend it: '<' appears only in
  // strings here, where \u003c reads the same.
  std::string safe;
  safe.reserve(out.size());
  for (char c : out) {
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe += c;
    }
  }
  return safe;
}

}  // namespace asyncdemo
