#include "asyncdemo/schedule/scheduler.hpp"

#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "asyncdemo/core/task_failed.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/sync_executor.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"
#include "asyncdemo/runtime/virtual_loop.hpp"
#include "asyncdemo/schedule/run_stats.hpp"
#include "asyncdemo/trace/lateness.hpp"

namespace asyncdemo {
namespace {

struct Tally {
  std::size_t unfinished = 0;
  std::size_t finished = 0;
  std::size_t cancelled = 0;
  OnError on_error = OnError::cancel;  // here rather than in every task's frame
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
  event.reason = ctx.executor().stop_reason();
  ctx.record(event);
  ++tally.cancelled;
  --tally.unfinished;
}

// A step failed: record it and, under OnError::cancel, cancel the rest of the run.
void record_fail(TaskContext& ctx, const Step* at, const TaskFailed& failure, Tally& tally) {
  TraceEvent event = ctx.event(EventKind::fail);
  const std::string spec = at->spec();
  event.at = spec;
  event.text = failure.message;
  ctx.record(event);
  --tally.unfinished;
  if (tally.on_error == OnError::cancel) ctx.executor().cancel_run(StopReason::task_failed);
}

// In a root coroutine's handler: records why the task stopped in step `at`, cancelled or failed.
// Anything else is a bug, and goes on to the scheduler.
void record_stop(TaskContext& ctx, const Step* at, Tally& tally) {
  try {
    throw;
  } catch (const Cancelled&) {
    record_cancel(ctx, at, tally);
  } catch (const TaskFailed& failure) {
    record_fail(ctx, at, failure, tally);
  } catch (const std::exception& error) {
    // Anything else a step throws is still that task's failure, never the process's: the run
    // goes on (or is cancelled, as --on-error says) instead of waiting for a task that is gone.
    record_fail(ctx, at, TaskFailed{error.what()}, tally);
  } catch (...) {
    record_fail(ctx, at, TaskFailed{"unknown error"}, tally);
  }
}

// The root coroutine of one task: its steps in order, then "end"; "cancel" where a stop found
// it; or "fail" where a step failed, which under OnError::cancel cancels the whole run. Its frame
// is what each waiting task costs, so it keeps no more than it must: the events are built in the
// functions above, on the stack.
Task run_task(const StepList& steps, TaskContext ctx, Tally& tally) {
  record_start(ctx);
  auto step = steps.begin();  // the step under way, for a cancel or a failure
  try {
    for (; step != steps.end(); ++step) {
      if ((*step)->is_plain_sleep()) {
        co_await ctx.sleep_for((*step)->planned_wait());
      } else {
        co_await (*step)->run(ctx);
      }
    }
    record_end(ctx, tally);
  } catch (...) {
    // One handler, so that the frame every waiting task costs stays as small as it was.
    record_stop(ctx, step->get(), tally);
  }
}

void record_not_started(const std::string& name, Executor& executor, Trace& trace, Tally& tally) {
  TaskContext ctx(executor, trace, name);
  record_cancel(ctx, nullptr, tally);
}

// One task after another; each runs to its end before the next starts, since every wait
// blocks the thread and no coroutine ever suspends. Once the run is stopped (a signal, the
// timeout, a failure under OnError::cancel) the tasks left are cancelled before they start.
void run_one_after_another(const Scenario& scenario, Executor& executor, Trace& trace,
                           Tally& tally) {
  for (const TaskSpec& spec : scenario.tasks()) {
    for (std::size_t index = 0; index < spec.task_count(); ++index) {
      if (executor.stop_reason() != StopReason::none) {
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
                      const StopSignal& stop, const RunSettings& settings) {
  std::unique_ptr<Clock> clock;
  if (clock_kind == ClockKind::real) {
    clock = std::make_unique<RealClock>(stop);
  } else {
    clock = std::make_unique<VirtualClock>(stop);
  }
  std::unique_ptr<Executor> executor;
  EventLoop* loop = nullptr;
  if (mode == Mode::sync) {
    executor = std::make_unique<SyncExecutor>(*clock, stop);
  } else if (clock_kind == ClockKind::real) {
    executor = std::make_unique<UvLoop>(static_cast<RealClock&>(*clock), stop, settings.threads);
    loop = static_cast<EventLoop*>(executor.get());
  } else {
    // As many virtual workers as the real pool would have threads; an explicit size always
    // applies, even when this process's real pool already runs with another.
    const std::size_t workers = settings.threads != 0 ? settings.threads : thread_pool_size(0);
    executor = std::make_unique<VirtualLoop>(static_cast<VirtualClock&>(*clock), stop, workers);
    loop = static_cast<EventLoop*>(executor.get());
  }
  // Lines go out whenever the program is about to wait, so a reader sees each one live. In
  // virtual time nothing waits, and the output is written in large blocks.
  if (clock_kind == ClockKind::real) executor->set_idle_hook([&trace] { trace.flush(); });
  executor->set_observer(settings.observer);

  RunFacts facts;
  facts.clock = clock_kind;
  facts.tasks = scenario.task_count();
  // The pool theory counts with: the real pool's size once started, else what it will be.
  const std::size_t pool = clock_kind == ClockKind::real || settings.threads == 0
                               ? thread_pool_size(settings.threads)
                               : settings.threads;
  const Theory theory = scenario.theory(mode, pool);
  facts.theory = theory.total;
  facts.waits = theory.waits;
  facts.threads = theory.threads;
  TraceEvent run_start;
  run_start.kind = EventKind::run_start;
  run_start.mode = mode;
  run_start.t = clock->now();
  run_start.run = &facts;
  const std::uint64_t events_before = trace.events();
  trace.record(run_start);
  if (settings.timeout) executor->set_deadline(run_start.t + *settings.timeout);

  // Warnings go out after the trace lines before them, so a terminal shows them in place.
  const auto warn = [&trace, &settings](std::string_view message) {
    trace.flush();
    if (settings.warn) settings.warn(message);
  };
  LatenessSink lateness;
  trace.add_sink(lateness);
  RunStats stats(settings.slow, warn);
  trace.add_sink(stats);
  Tally tally;
  tally.unfinished = scenario.task_count();
  tally.on_error = settings.on_error;
  if (loop == nullptr) {
    run_one_after_another(scenario, *executor, trace, tally);
  } else {
    run_on_loop(scenario, *loop, trace, tally);
  }

  facts.elapsed = clock->now();
  facts.finished = tally.finished;
  facts.cancelled = tally.cancelled;
  trace.remove_sink(stats);
  stats.add_to(facts);
  // A deadline or a failure that found every task done already stopped nothing.
  facts.stopped_by = tally.cancelled > 0 ? executor->stop_reason() : StopReason::none;
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

  // Work abandoned on a thread must end before the loop can go. A stop request (Ctrl-C) cuts
  // it short; a timeout or a failure cannot, so a wait longer than --slow is explained.
  if (loop != nullptr && loop->abandoned_work() > 0) {
    loop->wait_for_abandoned_work(clock->now() + settings.slow);
    const std::size_t jobs = loop->abandoned_work();
    if (jobs > 0 && !stop.requested()) {
      warn(fmt::format(
          "waiting for {} thread-pool job{} whose task was cancelled: a thread cannot be stopped, "
          "so the work finishes there and its result is dropped",
          jobs, jobs == 1 ? "" : "s"));
    }
    loop->wait_for_abandoned_work();
  }
  return facts;
}

RunFacts run_scenario(const Scenario& scenario, Mode mode, ClockKind clock, Trace& trace,
                      const StopSignal& stop, LoopObserver* observer) {
  RunSettings settings;
  settings.observer = observer;
  return run_scenario(scenario, mode, clock, trace, stop, settings);
}

}  // namespace asyncdemo
