#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asyncdemo/runtime/loop_observer.hpp"
#include "asyncdemo/runtime/mode.hpp"
#include "asyncdemo/trace/line_output.hpp"

namespace asyncdemo {

// --explain: between the trace lines, says in plain words what the event loop is doing, from
// what the loop reports and shows of itself (LoopView), never from a script: which coroutine
// parks and on what, how many timers wait and which fires next, that the loop now waits in the
// operating system (or jumps the virtual clock), which coroutine it resumes and why, that a
// blocking call freezes it and which timers it makes late, what the thread pool is doing. In
// sync mode it says that there is no loop and the thread itself blocks.
class Narrator final : public LoopObserver {
 public:
  Narrator(LineOutput& out, ClockKind clock, bool color)
      : out_(&out), clock_(clock), color_(color) {}
  // A narrator that only makes sentences, for those who ask for them by the *_text methods
  // (the page keeps them beside its events); its observer calls say nothing.
  explicit Narrator(ClockKind clock) : clock_(clock) {}

  void parked(const Parked& waiter, const LoopView& loop) override;
  void idle(const LoopView& loop, std::optional<Duration> wait) override;
  void resuming(const Parked& waiter, const LoopView& loop) override;
  void blocking(std::string_view task, std::string_view what, Duration now, Duration until,
                const LoopView* loop) override;
  void unblocked(std::string_view task, const LoopView* loop) override;

  // The sentences, without the indent; empty when there is nothing worth saying. Public for
  // tests.
  std::string parked_text(const Parked& waiter, const LoopView& loop) const;
  std::string idle_text(const LoopView& loop, std::optional<Duration> wait) const;
  std::string resuming_text(const Parked& waiter, const LoopView& loop) const;
  std::string blocking_text(std::string_view task, std::string_view what, Duration now,
                            Duration until, const LoopView* loop) const;
  std::string unblocked_text(std::string_view task, const LoopView* loop) const;

 private:
  void say(const std::string& sentence);

  LineOutput* out_ = nullptr;
  ClockKind clock_;
  bool color_ = false;
};

}  // namespace asyncdemo
