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

namespace asyncdemo {
namespace {

struct Tally {
  std::size_t unfinished = 0;
  std::size_t finished = 0;
  std::size_t cancelled = 0;
  std::size_t failed = 0;
};

// Hands a run's events on to the caller's trace, behind the run's own sinks.
class Forward final : public TraceSink {
 public:
  explicit Forward(Trace& to) : to_(to) {}
  void write(const TraceEvent& event) override { to_.record(event); }
  void flush() override { to_.flush(); }

 private:
  Trace& to_;
};

// The root coroutine of one task: its steps in order, then "end"; "cancel" where a stop found
// it; or "fail" where a step failed, which under OnError::cancel cancels the whole run.
Task run_task(const TaskSpec& spec, TaskContext ctx, Tally& tally, OnError on_error) {
  ctx.record(ctx.event(EventKind::start));
  const StepList& steps = *spec.steps;
  std::size_t current = 0;
  bool cancelled = false;
  std::optional<std::string> failure;
  try {
    for (; current < steps.size(); ++current) co_await steps[current]->run(ctx);
  } catch (const Cancelled&) {
    cancelled = true;
  } catch (const TaskFailed& failed) {
    failure = failed.message;
  }
  if (cancelled) {
    TraceEvent event = ctx.event(EventKind::cancel);
    const std::string at = steps[current]->spec();
    event.at = at;
    event.reason = ctx.executor().stop_reason();
    ctx.record(event);
    ++tally.cancelled;
  } else if (failure) {
    TraceEvent event = ctx.event(EventKind::fail);
    const std::string at = steps[current]->spec();
    event.at = at;
    event.message = *failure;
    ctx.record(event);
    ++tally.failed;
    if (on_error == OnError::cancel) ctx.executor().cancel_run(StopReason::task_failed);
  } else {
    ctx.record(ctx.event(EventKind::end));
    ++tally.finished;
  }
  --tally.unfinished;
}

void record_not_started(const TaskSpec& spec, Executor& executor, Trace& trace, Tally& tally) {
  TraceEvent event = TaskContext(executor, trace, spec.name).event(EventKind::cancel);
  event.reason = executor.stop_reason();
  trace.record(event);
  ++tally.cancelled;
  --tally.unfinished;
}

// One task after another; each runs to its end before the next starts, since every wait
// blocks the thread and no coroutine ever suspends. Once the run is stopped (a signal, the
// timeout, a failure under OnError::cancel) the tasks left are cancelled before they start.
void run_one_after_another(const Scenario& scenario, Executor& executor, Trace& trace,
                           OnError on_error, Tally& tally) {
  for (const TaskSpec& spec : scenario.tasks()) {
    if (executor.stop_reason() != StopReason::none) {
      record_not_started(spec, executor, trace, tally);
      continue;
    }
    Task root = run_task(spec, TaskContext(executor, trace, spec.name), tally, on_error);
    root.start();
    if (!root.done()) throw std::logic_error("a task suspended in sync mode");
    root.rethrow_if_failed();
  }
}

// Every task starts at once and runs until its first wait; then the loop resumes whichever
// task's timer is due next.
void run_on_loop(const Scenario& scenario, EventLoop& loop, Trace& trace, OnError on_error,
                 Tally& tally) {
  std::vector<Task> roots;
  roots.reserve(scenario.tasks().size());
  for (const TaskSpec& spec : scenario.tasks()) {
    roots.push_back(run_task(spec, TaskContext(loop, trace, spec.name), tally, on_error));
    roots.back().start();
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
    executor = std::make_unique<VirtualLoop>(static_cast<VirtualClock&>(*clock), stop,
                                             thread_pool_size(settings.threads));
    loop = static_cast<EventLoop*>(executor.get());
  }
  // Lines go out whenever the program is about to wait, so a reader sees each one live. In
  // virtual time nothing waits, and the output is written in large blocks.
  if (clock_kind == ClockKind::real) executor->set_idle_hook([&trace] { trace.flush(); });

  // The run's events pass through its statistics on their way to the caller's trace.
  // Warnings go out after the trace lines before them, so a terminal shows them in place.
  const auto warn = [&trace, &settings](std::string_view message) {
    trace.flush();
    if (settings.warn) settings.warn(message);
  };
  RunStats stats(settings.slow, warn);
  Forward forward(trace);
  Trace run_trace;
  run_trace.add_sink(forward);
  run_trace.add_sink(stats);

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
  if (settings.timeout) executor->set_deadline(run_start.t + *settings.timeout);

  Tally tally;
  tally.unfinished = scenario.tasks().size();
  if (loop == nullptr) {
    run_one_after_another(scenario, *executor, run_trace, settings.on_error, tally);
  } else {
    run_on_loop(scenario, *loop, run_trace, settings.on_error, tally);
  }

  facts.elapsed = clock->now();
  facts.finished = tally.finished;
  facts.cancelled = tally.cancelled;
  stats.add_to(facts);
  // A deadline or a failure that found every task done already stopped nothing.
  facts.stopped_by = tally.cancelled > 0 ? executor->stop_reason() : StopReason::none;
  TraceEvent run_end = run_start;
  run_end.kind = EventKind::run_end;
  run_end.t = facts.elapsed;
  trace.record(run_end);
  trace.flush();

  // A stop request (Ctrl-C) cuts the pool's work short too; a timeout or a failure cannot.
  if (loop != nullptr && loop->abandoned_work() > 0 && !stop.requested()) {
    const std::size_t jobs = loop->abandoned_work();
    warn(fmt::format(
        "waiting for {} thread-pool job{} whose task was cancelled: a thread cannot be stopped, "
        "so the work finishes there and its result is dropped",
        jobs, jobs == 1 ? "" : "s"));
  }
  if (loop != nullptr) loop->wait_for_abandoned_work();
  return facts;
}

}  // namespace asyncdemo
