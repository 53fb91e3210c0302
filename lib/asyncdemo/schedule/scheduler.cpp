#include "asyncdemo/schedule/scheduler.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/sync_executor.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"
#include "asyncdemo/runtime/virtual_loop.hpp"
#include "asyncdemo/trace/lateness.hpp"

namespace asyncdemo {
namespace {

struct Tally {
  std::size_t unfinished = 0;
  std::size_t finished = 0;
  std::size_t cancelled = 0;
};

void record_start(TaskContext& ctx) {
  ctx.record(ctx.event(EventKind::start));
}

void record_end(TaskContext& ctx, Tally& tally) {
  ctx.record(ctx.event(EventKind::end));
  ++tally.finished;
  --tally.unfinished;
}

void record_cancel(TaskContext& ctx, const Step* at, Tally& tally) {
  TraceEvent event = ctx.event(EventKind::cancel);
  const std::string spec = at != nullptr ? at->spec() : std::string();
  event.at = spec;
  ctx.record(event);
  ++tally.cancelled;
  --tally.unfinished;
}

// The root coroutine of one task: its steps in order, then "end", or "cancel" where a stop
// found it. Its frame is what each waiting task costs, so it keeps no more than it must: the
// events are built in the functions above, on the stack.
Task run_task(const StepList& steps, TaskContext ctx, Tally& tally) {
  record_start(ctx);
  const Step* at = nullptr;  // the step under way; still set after the loop if cancelled
  try {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      at = steps[i].get();
      if (at->is_plain_sleep()) {
        co_await ctx.sleep_for(at->planned_wait());
      } else {
        co_await at->run(ctx);
      }
    }
    at = nullptr;
  } catch (const Cancelled&) {
  }
  if (at != nullptr) {
    record_cancel(ctx, at, tally);
  } else {
    record_end(ctx, tally);
  }
}

void record_not_started(const std::string& name, Executor& executor, Trace& trace, Tally& tally) {
  TaskContext ctx(executor, trace, name);
  record_cancel(ctx, nullptr, tally);
}

// One task after another; each runs to its end before the next starts, since every wait
// blocks the thread and no coroutine ever suspends.
void run_one_after_another(const Scenario& scenario, Executor& executor, Trace& trace,
                           const StopSignal& stop, Tally& tally) {
  for (const TaskSpec& spec : scenario.tasks()) {
    for (std::size_t index = 0; index < spec.task_count(); ++index) {
      if (stop.requested()) {
        record_not_started(spec.task_name(index), executor, trace, tally);
        continue;
      }
      Task root = run_task(*spec.steps, TaskContext(executor, trace, spec.task_name(index)), tally);
      root.start();
      if (!root.done()) throw std::logic_error("a task suspended in sync mode");
      root.rethrow_if_failed();
    }
  }
}

// Every task starts at once and runs until its first wait; then the loop resumes whichever
// task's timer is due next.
void run_on_loop(const Scenario& scenario, EventLoop& loop, Trace& trace, Tally& tally) {
  std::vector<Task> roots;
  roots.reserve(scenario.task_count());
  for (const TaskSpec& spec : scenario.tasks()) {
    for (std::size_t index = 0; index < spec.task_count(); ++index) {
      roots.push_back(
          run_task(*spec.steps, TaskContext(loop, trace, spec.task_name(index)), tally));
      roots.back().start();
    }
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
  facts.tasks = scenario.task_count();
  facts.theory = mode == Mode::sync ? scenario.sync_theory() : scenario.async_theory();
  TraceEvent run_start;
  run_start.kind = EventKind::run_start;
  run_start.mode = mode;
  run_start.t = clock->now();
  run_start.run = &facts;
  const std::uint64_t events_before = trace.events();
  trace.record(run_start);

  LatenessSink lateness;
  trace.add_sink(lateness);
  Tally tally;
  tally.unfinished = scenario.task_count();
  if (mode == Mode::sync) {
    run_one_after_another(scenario, *executor, trace, stop, tally);
  } else {
    run_on_loop(scenario, static_cast<EventLoop&>(*executor), trace, tally);
  }

  facts.elapsed = clock->now();
  facts.finished = tally.finished;
  facts.cancelled = tally.cancelled;
  trace.remove_sink(lateness);
  const LatenessSummary late = lateness.summarize();
  facts.late_p50 = late.p50;
  facts.late_p99 = late.p99;
  facts.late_max = late.max;
  facts.events = trace.events() - events_before + 1;  // run_end is still to come
  facts.peak_asleep = executor->peak_waiting();
  facts.loop_iterations = executor->loop_iterations();
  TraceEvent run_end = run_start;
  run_end.kind = EventKind::run_end;
  run_end.t = facts.elapsed;
  trace.record(run_end);
  trace.flush();
  return facts;
}

}  // namespace asyncdemo
