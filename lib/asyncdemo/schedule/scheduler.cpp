#include "asyncdemo/schedule/scheduler.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/sync_executor.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"
#include "asyncdemo/runtime/virtual_loop.hpp"

namespace asyncdemo {
namespace {

struct Tally {
  std::size_t unfinished = 0;
  std::size_t finished = 0;
  std::size_t cancelled = 0;
};

// The root coroutine of one task: its steps in order, then "end", or "cancel" where a stop
// found it.
Task run_task(const TaskSpec& spec, TaskContext ctx, Tally& tally) {
  ctx.record(ctx.event(EventKind::start));
  const StepList& steps = *spec.steps;
  std::size_t current = 0;
  bool cancelled = false;
  try {
    for (; current < steps.size(); ++current) co_await steps[current]->run(ctx);
  } catch (const Cancelled&) {
    cancelled = true;
  }
  if (cancelled) {
    TraceEvent event = ctx.event(EventKind::cancel);
    const std::string at = steps[current]->spec();
    event.at = at;
    ctx.record(event);
    ++tally.cancelled;
  } else {
    ctx.record(ctx.event(EventKind::end));
    ++tally.finished;
  }
  --tally.unfinished;
}

void record_not_started(const TaskSpec& spec, Executor& executor, Trace& trace, Tally& tally) {
  TraceEvent event = TaskContext(executor, trace, spec.name).event(EventKind::cancel);
  trace.record(event);
  ++tally.cancelled;
  --tally.unfinished;
}

// One task after another; each runs to its end before the next starts, since every wait
// blocks the thread and no coroutine ever suspends.
void run_one_after_another(const Scenario& scenario, Executor& executor, Trace& trace,
                           const StopSignal& stop, Tally& tally) {
  for (const TaskSpec& spec : scenario.tasks()) {
    if (stop.requested()) {
      record_not_started(spec, executor, trace, tally);
      continue;
    }
    Task root = run_task(spec, TaskContext(executor, trace, spec.name), tally);
    root.start();
    if (!root.done()) throw std::logic_error("a task suspended in sync mode");
    root.rethrow_if_failed();
  }
}

// Every task starts at once and runs until its first wait; then the loop resumes whichever
// task's timer is due next.
void run_on_loop(const Scenario& scenario, EventLoop& loop, Trace& trace, Tally& tally) {
  std::vector<Task> roots;
  roots.reserve(scenario.tasks().size());
  for (const TaskSpec& spec : scenario.tasks()) {
    roots.push_back(run_task(spec, TaskContext(loop, trace, spec.name), tally));
    roots.back().start();
  }
  loop.run_until([&tally] { return tally.unfinished == 0; });
  for (const Task& root : roots) root.rethrow_if_failed();
}

}  // namespace

RunFacts run_scenario(const Scenario& scenario, Mode mode, ClockKind clock_kind, Trace& trace,
                      const StopSignal& stop, LoopObserver* observer) {
  std::unique_ptr<Clock> clock;
  if (clock_kind == ClockKind::real) {
    clock = std::make_unique<RealClock>(stop);
  } else {
    clock = std::make_unique<VirtualClock>(stop);
  }
  std::unique_ptr<Executor> executor;
  if (mode == Mode::sync) {
    executor = std::make_unique<SyncExecutor>(*clock);
  } else if (clock_kind == ClockKind::real) {
    executor = std::make_unique<UvLoop>(static_cast<RealClock&>(*clock), stop);
  } else {
    executor = std::make_unique<VirtualLoop>(static_cast<VirtualClock&>(*clock), stop);
  }
  // Lines go out whenever the program is about to wait, so a reader sees each one live. In
  // virtual time nothing waits, and the output is written in large blocks.
  if (clock_kind == ClockKind::real) executor->set_idle_hook([&trace] { trace.flush(); });
  executor->set_observer(observer);

  RunFacts facts;
  facts.clock = clock_kind;
  facts.tasks = scenario.tasks().size();
  facts.theory = mode == Mode::sync ? scenario.sync_theory() : scenario.async_theory();
  TraceEvent run_start;
  run_start.kind = EventKind::run_start;
  run_start.mode = mode;
  run_start.t = clock->now();
  run_start.run = &facts;
  trace.record(run_start);

  Tally tally;
  tally.unfinished = scenario.tasks().size();
  if (mode == Mode::sync) {
    run_one_after_another(scenario, *executor, trace, stop, tally);
  } else {
    run_on_loop(scenario, static_cast<EventLoop&>(*executor), trace, tally);
  }

  facts.elapsed = clock->now();
  facts.finished = tally.finished;
  facts.cancelled = tally.cancelled;
  TraceEvent run_end = run_start;
  run_end.kind = EventKind::run_end;
  run_end.t = facts.elapsed;
  trace.record(run_end);
  trace.flush();
  return facts;
}

}  // namespace asyncdemo
