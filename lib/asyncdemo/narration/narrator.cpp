#include "asyncdemo/narration/narrator.hpp"

#include <fmt/format.h>

namespace asyncdemo {
namespace {

std::string count(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string name_of(const Callback& entry) {
  const std::string_view label = entry.label();
  return label.empty() ? std::string("a coroutine") : std::string(label);
}

// "2 timers pending; the next to fire is coroutine_one's, at 1.000s"
std::string timer_state(const LoopView& loop) {
  const TimedCallback* next = loop.next_timer();
  if (next == nullptr) return "no timer pending";
  return fmt::format("{} pending; the next to fire is {}'s, at {}",
                     count(loop.timers(), "timer", "timers"), name_of(*next),
                     format_time(next->deadline));
}

// "3 jobs on 2 pool threads, 1 queued", or empty when the pool is idle.
std::string pool_state(const LoopView& loop) {
  const PoolState pool = loop.pool();
  if (pool.busy == 0 && pool.queued == 0) return {};
  std::string text = fmt::format("{} of {} pool {} busy", pool.busy, pool.threads,
                                 pool.threads == 1 ? "thread" : "threads");
  if (pool.queued > 0) {
    text += fmt::format(", {} waiting for a free thread", count(pool.queued, "job", "jobs"));
  }
  return text;
}

// What else can end the loop's wait besides a timer: threads, sockets.
std::string other_wakes(const LoopView& loop) {
  std::string text;
  if (const std::string pool = pool_state(loop); !pool.empty()) text = pool;
  if (loop.network_waits() > 0) {
    if (!text.empty()) text += "; ";
    text += fmt::format("{} waiting for the network",
                        count(loop.network_waits(), "task is", "tasks are"));
  }
  return text;
}

}  // namespace

std::string Narrator::parked_text(const Parked& waiter, const LoopView& loop) const {
  if (waiter.timed) {
    return fmt::format(
        "{} is suspended at its await and gives the loop back; its timer joins the queue: {}",
        name_of(waiter), timer_state(loop));
  }
  if (waiter.source != nullptr) {
    return fmt::format("{} is suspended at its await, waiting for {}; the loop runs the others",
                       name_of(waiter), waiter.source->waits_for(waiter));
  }
  return {};
}

std::string Narrator::idle_text(const LoopView& loop, std::optional<Duration> wait) const {
  const std::string others = other_wakes(loop);
  if (!wait) {
    if (others.empty()) return "nothing is ready and no timer is pending: the loop has no work";
    return fmt::format(
        "no coroutine is ready to run and no timer is pending; {}. The loop is idle: it waits "
        "in the operating system (epoll) until a thread or a socket is done",
        others);
  }
  if (*wait == Duration::zero()) {
    // Not idle after all: the resumes that follow say what happens.
    if (clock_ == ClockKind::virtual_) return {};
    return fmt::format(
        "no coroutine is running; {} already due, so the loop polls the operating system "
        "without waiting",
        count(loop.timers_due_by(loop.now()), "timer", "timers"));
  }
  std::string text = "no coroutine is ready to run; " + timer_state(loop);
  if (!others.empty()) text += "; " + others;
  if (clock_ == ClockKind::virtual_) {
    return text + fmt::format(
                      ". The loop is idle: on the virtual clock it does not wait, it jumps "
                      "time forward by {} to {}",
                      format_duration(*wait), format_time(loop.now() + *wait));
  }
  return text + fmt::format(
                    ". The loop is idle: it waits in the operating system (epoll) for {}, until "
                    "that timer is due{}",
                    format_duration(*wait), others.empty() ? "" : " or a thread or socket is done");
}

std::string Narrator::resuming_text(const Parked& waiter, const LoopView& loop) const {
  const std::string task = name_of(waiter);
  std::string text;
  switch (waiter.wake) {
    case Wake::deadline:
      text = fmt::format(
          "{}'s timer was due at {} and its callback ran: the loop resumes the coroutine {} at "
          "{}",
          task, format_time(waiter.deadline), task, format_time(loop.now()));
      break;
    case Wake::cancelled:
      text = fmt::format("the loop resumes {} with a cancellation, thrown at its await", task);
      break;
    case Wake::woken:
      text = waiter.started
                 ? fmt::format("the loop resumes {}", task)
                 : fmt::format("the loop runs {}'s first step: create_task queued it", task);
      break;
  }
  if (loop.ready() > 0) {
    text += fmt::format("; {} queued behind it", count(loop.ready(), "callback", "callbacks"));
  }
  return text + "; " + timer_state(loop);
}

std::string Narrator::blocking_text(std::string_view task, std::string_view what, Duration now,
                                    Duration until, const LoopView* loop) const {
  if (loop == nullptr) {
    const Duration wait = until < now ? Duration::zero() : until - now;
    return fmt::format(
        "no event loop in sync mode: the thread itself is blocked in {}'s {} for {}, until {}; "
        "no other task can run meanwhile",
        task, what.substr(what.find(' ') + 1), format_duration(wait), format_time(until));
  }
  const TimedCallback* next = loop->next_timer();
  std::string text = fmt::format(
      "{} makes a blocking call: the thread, and with it the event loop, is frozen until {}", task,
      format_time(until));
  if (next != nullptr && next->deadline < until) {
    text += fmt::format(
        "; {} due before then ({}'s at {}) cannot fire: nothing runs the loop to notice them",
        count(loop->timers_due_by(until), "timer", "timers"), name_of(*next),
        format_time(next->deadline));
  }
  if (const std::string pool = pool_state(*loop); !pool.empty()) {
    text += "; meanwhile " + pool + ", but their results wait for the loop too";
  }
  return text;
}

std::string Narrator::unblocked_text(std::string_view task, const LoopView* loop) const {
  if (loop == nullptr) return {};
  const std::size_t overdue = loop->timers_due_by(loop->now());
  if (overdue == 0) return {};
  const TimedCallback* next = loop->next_timer();
  const Duration late = loop->now() - next->deadline;
  return fmt::format(
      "{}'s blocking call is over; {} overdue, {}'s by {}: they join the ready queue in the "
      "loop's next turn",
      task, count(overdue, "timer is", "timers are"), name_of(*next),
      format_duration(late < Duration::zero() ? Duration::zero() : late));
}

void Narrator::say(const std::string& sentence) {
  if (sentence.empty() || out_ == nullptr) return;
  // Indented under the task column of the text trace, so the narration reads between events.
  const std::string line = fmt::format("{:18}~ {}", "", sentence);
  out_->write_line(color_ ? "\x1b[2m" + line + "\x1b[0m" : line);
}

void Narrator::parked(const Parked& waiter, const LoopView& loop) {
  say(parked_text(waiter, loop));
}

void Narrator::idle(const LoopView& loop, std::optional<Duration> wait) {
  say(idle_text(loop, wait));
}

void Narrator::resuming(const Parked& waiter, const LoopView& loop) {
  say(resuming_text(waiter, loop));
}

void Narrator::blocking(std::string_view task, std::string_view what, Duration now, Duration until,
                        const LoopView* loop) {
  say(blocking_text(task, what, now, until, loop));
}

void Narrator::unblocked(std::string_view task, const LoopView* loop) {
  say(unblocked_text(task, loop));
}

}  // namespace asyncdemo
