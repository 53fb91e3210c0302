#pragma once

#include <string>

#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/trace/line_output.hpp"

namespace asyncdemo {

// --explain: between the trace lines, says in plain words what the event loop is doing, from
// what the loop reports (its timer queue, its clock), never from a script: which coroutine is
// suspended, how many timers wait and which fires next, that the loop now waits in the
// operating system (or jumps the virtual clock), which coroutine it resumes. In sync mode it
// says that there is no loop and the thread itself blocks.
class Narrator final : public LoopObserver {
 public:
  Narrator(LineOutput& out, ClockKind clock, bool color)
      : out_(out), clock_(clock), color_(color) {}

  void suspended(const Timer& timer, const TimerQueue& timers) override;
  void idle(Duration now, const TimerQueue& timers) override;
  void resuming(const Timer& timer, Duration now, const TimerQueue& timers) override;
  void blocking(const Timer& timer, Duration now) override;

  // The sentences, without the indent, for tests.
  static std::string suspended_text(const Timer& timer, const TimerQueue& timers);
  static std::string idle_text(Duration now, const TimerQueue& timers, ClockKind clock);
  static std::string resuming_text(const Timer& timer, Duration now, const TimerQueue& timers);
  static std::string blocking_text(const Timer& timer, Duration now);

 private:
  void say(const std::string& sentence);

  LineOutput& out_;
  ClockKind clock_;
  bool color_;
};

}  // namespace asyncdemo
