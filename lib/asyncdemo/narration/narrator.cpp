#include "asyncdemo/narration/narrator.hpp"

#include <fmt/format.h>

namespace asyncdemo {
namespace {

std::string timers_word(std::size_t n) {
  return fmt::format("{} timer{}", n, n == 1 ? "" : "s");
}

}  // namespace

void Narrator::write(const TraceEvent& event) {
  if (event.kind == EventKind::sleep) sleeping_ = event.task;
}

std::string_view Narrator::name_of(const Timer& timer) const {
  const auto found = names_.find(&timer);
  return found == names_.end() ? std::string_view("a task") : std::string_view(found->second);
}

// "2 timers pending; the next to fire is coroutine_one's, at 1.000s"
std::string Narrator::queue_state(const TimerQueue& timers) const {
  if (timers.empty()) return "no timer pending";
  const Timer& next = timers.next();
  return fmt::format("{} pending; the next to fire is {}'s, at {}", timers_word(timers.size()),
                     name_of(next), format_time(next.deadline));
}

std::string Narrator::suspended_text(const Timer& timer, const TimerQueue& timers) {
  names_[&timer] = sleeping_;
  return fmt::format(
      "{} is suspended at its await and gives the loop back; its timer joins the queue: {}",
      name_of(timer), queue_state(timers));
}

std::string Narrator::idle_text(Duration now, const TimerQueue& timers) const {
  if (timers.empty()) return "nothing is ready and no timer is pending: the loop has no work";
  const std::size_t due = timers.due_by(now);
  if (due > 0) {
    // Not idle after all: the resumes that follow say what happens.
    if (clock_ == ClockKind::virtual_) return {};
    return fmt::format(
        "no coroutine is running; {} already due, so the loop polls the operating system "
        "without waiting",
        timers_word(due));
  }
  const Timer& next = timers.next();
  const Duration wait = next.deadline - now;
  const std::string state = "no coroutine is ready to run; " + queue_state(timers);
  if (clock_ == ClockKind::virtual_) {
    return state + fmt::format(
                       ". The loop is idle: on the virtual clock it does not wait, it jumps "
                       "time forward by {} to {}",
                       format_duration(wait), format_time(next.deadline));
  }
  return state + fmt::format(
                     ". The loop is idle: it waits in the operating system (epoll) for {} "
                     "until that timer is due",
                     format_duration(wait));
}

std::string Narrator::resuming_text(const Timer& timer, Duration now, const TimerQueue& timers) {
  const std::string task(name_of(timer));
  names_.erase(&timer);
  const std::size_t also_ready = timers.due_by(now);
  std::string text =
      fmt::format("{}'s timer (due at {}) fired at {}: the loop resumes the coroutine {}", task,
                  format_time(timer.deadline), format_time(now), task);
  if (also_ready > 0) {
    text += fmt::format("; {} more ready after it, next {}", also_ready, name_of(timers.next()));
  }
  if (timers.empty()) return text + "; no timer is left in the queue";
  return text + fmt::format("; {} still pending", timers_word(timers.size()));
}

std::string Narrator::blocking_text(const Timer& timer, Duration now) const {
  return fmt::format(
      "no event loop in sync mode: the thread itself is blocked in {}'s sleep for {}, until {}; "
      "no other task can run meanwhile",
      sleeping_, format_duration(timer.deadline - now), format_time(timer.deadline));
}

void Narrator::say(const std::string& sentence) {
  if (sentence.empty()) return;
  // Indented under the task column of the text trace, so the narration reads between events.
  const std::string line = fmt::format("{:18}~ {}", "", sentence);
  out_.write_line(color_ ? "\x1b[2m" + line + "\x1b[0m" : line);
}

void Narrator::suspended(const Timer& timer, const TimerQueue& timers) {
  say(suspended_text(timer, timers));
}

void Narrator::idle(Duration now, const TimerQueue& timers, std::size_t sockets) {
  if (sockets > 0 && timers.empty()) {
    say(fmt::format(
        "no coroutine is ready to run and no timer is pending; {} waiting for the "
        "network. The loop is idle: it waits in the operating system (epoll) until "
        "a socket is ready",
        sockets == 1 ? std::string("1 task is") : fmt::format("{} tasks are", sockets)));
    return;
  }
  std::string text = idle_text(now, timers);
  if (sockets > 0 && !text.empty()) {
    text += fmt::format(", or until a socket is ready ({} waiting for the network)",
                        sockets == 1 ? std::string("1 task") : fmt::format("{} tasks", sockets));
  }
  say(text);
}

void Narrator::resuming(const Timer& timer, Duration now, const TimerQueue& timers) {
  say(resuming_text(timer, now, timers));
}

void Narrator::blocking(const Timer& timer, Duration now) {
  say(blocking_text(timer, now));
}

}  // namespace asyncdemo
