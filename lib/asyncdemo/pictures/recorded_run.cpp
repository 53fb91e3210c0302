#include "asyncdemo/pictures/recorded_run.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace asyncdemo {

Lane& RunRecorder::lane_of(std::string_view task) {
  std::vector<Lane>& lanes = runs_.back().lanes;
  const auto [found, added] = lane_index_.try_emplace(std::string(task), lanes.size());
  if (!added) return lanes[found->second];
  lanes.push_back(Lane{std::string(task), {}, {}, std::nullopt, std::nullopt, false});
  open_.emplace_back();
  return lanes.back();
}

void RunRecorder::close_open_span(Lane& lane, Duration t, bool cut_short) {
  const std::size_t index = static_cast<std::size_t>(&lane - runs_.back().lanes.data());
  std::optional<Span>& open = open_[index];
  if (!open) return;
  open->to = std::max(open->from, t);
  open->cut_short = cut_short;
  lane.spans.push_back(*open);
  open.reset();
}

void RunRecorder::add(const TraceEvent& event) {
  if (event.kind == EventKind::run_start || runs_.empty()) {
    runs_.push_back(RecordedRun{event.mode, event.run ? *event.run : RunFacts{}, {}, false});
    open_.clear();
    lane_index_.clear();
    if (event.kind == EventKind::run_start) return;
  }
  RecordedRun& run = runs_.back();
  if (event.kind == EventKind::run_end) {
    for (Lane& lane : run.lanes) close_open_span(lane, event.t, true);
    if (event.run != nullptr) run.facts = *event.run;
    run.complete = true;
    return;
  }
  Lane& lane = lane_of(event.task);
  const std::size_t index = static_cast<std::size_t>(&lane - run.lanes.data());
  switch (event.kind) {
    case EventKind::start:
      lane.started = event.t;
      open_[index] = Span{SpanKind::running, event.t, event.t, {}};
      break;
    case EventKind::print:
      lane.prints.push_back(PrintMark{event.t, std::string(event.text)});
      break;
    case EventKind::sleep:
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::sleeping, event.t, event.t, event.seconds};
      break;
    case EventKind::wake:
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::running, event.t, event.t, {}};
      break;
    case EventKind::work_queue:
      // Waiting for the thread pool is waiting, as a sleep is; a blocking call is running.
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::sleeping, event.t, event.t, event.seconds};
      break;
    case EventKind::work_end:
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::running, event.t, event.t, {}};
      break;
    case EventKind::end:
    case EventKind::cancel:
    case EventKind::fail:
      close_open_span(lane, event.t, event.kind == EventKind::cancel);
      lane.ended = event.t;
      lane.cancelled = event.kind == EventKind::cancel;
      lane.failed = event.kind == EventKind::fail;
      break;
    case EventKind::fetch_resolved:
      // Waiting for the network is waiting, as a sleep is (the lookup before it is short).
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::sleeping, event.t, event.t, {}};
      break;
    case EventKind::fetch_done:
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::running, event.t, event.t, {}};
      break;
    case EventKind::await:
    case EventKind::acquire:
    case EventKind::put:
    case EventKind::get:
    case EventKind::wait:
      // Waiting for another task is waiting, as a sleep is.
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::sleeping, event.t, event.t, {}};
      break;
    case EventKind::awaited:
    case EventKind::acquired:
    case EventKind::queued:
    case EventKind::got:
    case EventKind::woken:
      close_open_span(lane, event.t);
      open_[index] = Span{SpanKind::running, event.t, event.t, {}};
      break;
    case EventKind::spawn:
    case EventKind::release:
    case EventKind::set:
    case EventKind::block:
    case EventKind::unblock:
    case EventKind::work_start:
    case EventKind::fetch_connected:
    case EventKind::fetch_sent:
    case EventKind::fetch_first_byte:
      break;
    case EventKind::run_start:
    case EventKind::run_end:
      break;
  }
}

Duration longest_elapsed(const std::vector<RecordedRun>& runs) {
  Duration longest{};
  for (const RecordedRun& run : runs) longest = std::max(longest, run.facts.elapsed);
  return longest;
}

std::string speed_up_of(const std::vector<RecordedRun>& runs) {
  const RecordedRun* sync = nullptr;
  const RecordedRun* async = nullptr;
  for (const RecordedRun& run : runs) {
    if (!run.complete || run.facts.cancelled > 0) continue;
    (run.mode == Mode::sync ? sync : async) = &run;
  }
  if (sync == nullptr || async == nullptr || async->facts.elapsed <= Duration::zero()) return {};
  return fmt::format("{:.2f}x", static_cast<double>(sync->facts.elapsed.count()) /
                                    static_cast<double>(async->facts.elapsed.count()));
}

}  // namespace asyncdemo
