#include "asyncdemo/pictures/task_states.hpp"

#include <algorithm>

namespace asyncdemo {
namespace {

// The events that begin a wait, and what the task is then doing in async mode. A new kind of
// wait is one row here (and one in vocabulary.cpp's states), plus its ending event below.
struct WaitBegins {
  EventKind kind;
  State state;
  Cause cause;
};
constexpr WaitBegins kWaitBegins[] = {
    {EventKind::sleep, State::asleep, Cause::sleep},
    {EventKind::work_queue, State::queued, Cause::work},
    {EventKind::work_start, State::on_thread, Cause::work},
    {EventKind::block, State::blocking, Cause::block},
    {EventKind::fetch_resolved, State::network, Cause::fetch},
    {EventKind::await, State::awaiting, Cause::task},
    {EventKind::acquire, State::limited, Cause::limit},
    {EventKind::put, State::queueing, Cause::queue},
    {EventKind::get, State::queueing, Cause::queue},
    {EventKind::wait, State::signalled, Cause::event},
};
// The events after which the task runs again.
constexpr EventKind kWaitEnds[] = {EventKind::wake,       EventKind::work_end, EventKind::unblock,
                                   EventKind::fetch_done, EventKind::awaited,  EventKind::acquired,
                                   EventKind::queued,     EventKind::got,      EventKind::woken};

// A wait for another task: in sync mode too it is that, never the thread blocked, since the
// other task runs meanwhile (or the wait is a deadlock).
bool waits_for_a_task(Cause cause) {
  return cause == Cause::task || cause == Cause::limit || cause == Cause::queue ||
         cause == Cause::event;
}

const WaitBegins* begins_a_wait(EventKind kind) {
  for (const WaitBegins& wait : kWaitBegins) {
    if (wait.kind == kind) return &wait;
  }
  return nullptr;
}

bool ends_a_wait(EventKind kind) {
  return std::find(std::begin(kWaitEnds), std::end(kWaitEnds), kind) != std::end(kWaitEnds);
}

}  // namespace

std::string_view to_string(Cause cause) {
  switch (cause) {
    case Cause::sleep:
      return "sleep";
    case Cause::block:
      return "block";
    case Cause::work:
      return "work";
    case Cause::fetch:
      return "fetch";
    case Cause::task:
      return "await";
    case Cause::limit:
      return "limit";
    case Cause::queue:
      return "queue";
    case Cause::event:
      return "event";
    case Cause::none:
      break;
  }
  return "";
}

void TaskStateTracker::open(State state, Duration from, Cause cause, Duration asked) {
  open_ = Span{state, from, from, asked, cause, 0, false};
}

void TaskStateTracker::close_at(Duration t, std::vector<Span>& closed, bool cut_short) {
  if (!open_) return;
  open_->to = std::max(open_->from, t);
  open_->cut_short = cut_short;
  closed.push_back(*open_);
  open_.reset();
}

void TaskStateTracker::close(Duration t, std::vector<Span>& closed) {
  close_at(t, closed, true);
}

void TaskStateTracker::add(const TraceEvent& event, std::vector<Span>& closed) {
  const Duration t = event.t;
  switch (event.kind) {
    case EventKind::start:
      open(State::running, t);
      return;
    case EventKind::end:
    case EventKind::fail:
      close_at(t, closed);
      return;
    case EventKind::cancel:
      close_at(t, closed, true);
      return;
    default:
      break;
  }
  if (const WaitBegins* wait = begins_a_wait(event.kind)) {
    if (mode_ == Mode::sync && !waits_for_a_task(wait->cause)) {
      // One blocking call from the wait's beginning to its end, whatever its stages.
      if (open_ && open_->state == State::blocking) return;
      const bool fetch = event.kind == EventKind::fetch_resolved;
      const Duration from = std::max(open_ ? open_->from : t, fetch ? t - event.seconds : t);
      close_at(from, closed);
      open(State::blocking, from, wait->cause, fetch ? Duration{} : event.seconds);
      return;
    }
    Duration from = t;
    Duration asked = event.seconds;
    if (event.kind == EventKind::work_queue) {
      queued_at_ = t;
      work_asked_ = event.seconds;
      asked = {};  // the job asked for its time on the thread, not in the queue
    }
    if (event.kind == EventKind::work_start) {
      // The thread took the job `waited` after it was queued; the loop may learn of it later.
      asked = work_asked_;
      from = std::clamp(queued_at_ + event.waited, open_ ? open_->from : t, t);
    }
    if (event.kind == EventKind::fetch_resolved) {
      // The wait began with the lookup, `seconds` before it was resolved.
      from = std::max(open_ ? open_->from : t, t - event.seconds);
      asked = {};
    }
    close_at(from, closed);
    open(wait->state, from, wait->cause, asked);
    if (event.kind == EventKind::work_start) open_->worker = event.worker;
    return;
  }
  if (ends_a_wait(event.kind)) {
    if (mode_ == Mode::sync || event.late <= Duration::zero() || !open_) {
      close_at(t, closed);
    } else {
      // Due at t - late: from then on the task only waited for the loop to resume it.
      const Cause cause = open_->cause;
      close_at(t - event.late, closed);
      open(State::late, closed.back().to, cause);
      close_at(t, closed);
    }
    open(State::running, t);
  }
}

}  // namespace asyncdemo
