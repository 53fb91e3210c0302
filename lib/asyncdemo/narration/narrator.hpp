#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/trace/line_output.hpp"
#include "asyncdemo/trace/sink.hpp"

namespace asyncdemo {

// --explain: between the trace lines, says in plain words what the event loop is doing, from
// what the loop reports (its timer queue, its clock), never from a script: which coroutine is
// suspended, how many timers wait and which fires next, that the loop now waits in the
// operating system (or jumps the virtual clock), which coroutine it resumes. In sync mode it
// says that there is no loop and the thread itself blocks.
//
// Timers carry no names (a million sleeping tasks should not pay for one each), so the
// narrator also reads the trace: a task's sleep event comes just before its timer is queued,
// which names the timer.
class Narrator final : public LoopObserver, public TraceSink {
 public:
  Narrator(LineOutput& out, ClockKind clock, bool color)
      : out_(out), clock_(clock), color_(color) {}

  void write(const TraceEvent& event) override;

  void suspended(const Timer& timer, const TimerQueue& timers) override;
  void idle(Duration now, const TimerQueue& timers, std::size_t sockets) override;
  void resuming(const Timer& timer, Duration now, const TimerQueue& timers) override;
  void blocking(const Timer& timer, Duration now) override;

  // The sentences, without the indent; empty when there is nothing worth saying. Public for
  // tests. suspended_text() names the timer, resuming_text() forgets it.
  std::string suspended_text(const Timer& timer, const TimerQueue& timers);
  std::string idle_text(Duration now, const TimerQueue& timers) const;
  std::string resuming_text(const Timer& timer, Duration now, const TimerQueue& timers);
  std::string blocking_text(const Timer& timer, Duration now) const;

 private:
  void say(const std::string& sentence);
  std::string_view name_of(const Timer& timer) const;
  std::string queue_state(const TimerQueue& timers) const;

  LineOutput& out_;
  ClockKind clock_;
  bool color_;
  std::string sleeping_;  // the task whose sleep event came last: the next timer is its
  std::unordered_map<const Timer*, std::string> names_;
};

}  // namespace asyncdemo
