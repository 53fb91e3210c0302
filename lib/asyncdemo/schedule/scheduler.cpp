#include "asyncdemo/schedule/scheduler.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "asyncdemo/core/detached_task.hpp"
#include "asyncdemo/core/fixed_array.hpp"
#include "asyncdemo/core/task_failed.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/sync_executor.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"
#include "asyncdemo/runtime/virtual_loop.hpp"
#include "asyncdemo/schedule/await_step.hpp"
#include "asyncdemo/schedule/run_stats.hpp"
#include "asyncdemo/trace/lateness.hpp"

namespace asyncdemo {

GroupForm group_form(const Scenario& scenario, OnError on_error) {
  if (on_error == OnError::continue_) return GroupForm::gather_return_exceptions;
  for (const TaskSpec& spec : scenario.tasks()) {
    for (const auto& step : *spec.steps) {
      if (step->can_fail()) return GroupForm::task_group;
    }
  }
  return GroupForm::gather;
}

namespace {

// What the tasks' root coroutines report as they end. Sync and async runs react differently:
// one after another, or as asyncio's gather or TaskGroup would.
class Supervisor {
 public:
  virtual void task_ended(TaskState& task, bool failed) = 0;
  // Why the run is being cut short, for the cancel events; none while it is not.
  virtual StopReason stop_reason() const = 0;
  // What a task that was stuck in a deadlock waited for; empty for any other task.
  virtual std::string_view waiting_for(const TaskState&) const { return {}; }
  std::size_t unfinished = 0;
  std::size_t finished = 0;
  std::size_t cancelled = 0;

 protected:
  ~Supervisor() = default;
};

void record_end(TaskContext& ctx, Supervisor& run) {
  ctx.record_plain(EventKind::end);
  ++run.finished;
  run.task_ended(ctx.self(), false);
}

void record_cancel(TaskContext& ctx, const Step* at, Supervisor& run) {
  TraceEvent event = ctx.event(EventKind::cancel);
  const std::string spec = at != nullptr ? at->spec() : std::string();
  event.at = spec;
  event.reason = run.stop_reason();
  event.text = run.waiting_for(ctx.self());
  ctx.record(event);
  ++run.cancelled;
  run.task_ended(ctx.self(), false);
}

void record_fail(TaskContext& ctx, const Step* at, const TaskFailed& failure, Supervisor& run) {
  TraceEvent event = ctx.event(EventKind::fail);
  const std::string spec = at->spec();
  event.at = spec;
  event.text = failure.message;
  ctx.record(event);
  run.task_ended(ctx.self(), true);
}

// In a root coroutine's handler: records why the task stopped in step `at`, cancelled or failed.
void record_stop(TaskContext& ctx, const Step* at, Supervisor& run) {
  try {
    throw;
  } catch (const Cancelled&) {
    record_cancel(ctx, at, run);
  } catch (const TaskFailed& failure) {
    record_fail(ctx, at, failure, run);
  } catch (const std::exception& error) {
    // Anything else a step throws is still that task's failure, never the process's: the run
    // goes on (or is cancelled, as --on-error says) instead of waiting for a task that is gone.
    record_fail(ctx, at, TaskFailed{error.what()}, run);
  } catch (...) {
    record_fail(ctx, at, TaskFailed{"unknown error"}, run);
  }
}

// The root coroutine of one task: its steps in order, then "end"; "cancel" where a cancel
// found it; or "fail" where a step failed. A task cancelled before its first step never
// starts, as a coroutine that asyncio throws CancelledError into before it ran. Its frame is
// what each waiting task costs, so it keeps no more than it must: the step under way is in the
// task's state, the events are built in the functions above, on the stack, and the frame frees
// itself when the task ends.
DetachedTask run_task(const StepList& steps, TaskContext ctx, Supervisor& run) {
  if (ctx.self().cancelled()) {
    record_cancel(ctx, nullptr, run);
    co_return;
  }
  ctx.record_plain(EventKind::start);
  try {
    for (; ctx.self().step < steps.size(); ++ctx.self().step) {
      co_await AwaitStep(*steps[ctx.self().step], ctx);
    }
    record_end(ctx, run);
  } catch (...) {
    // One handler, so that the frame every waiting task costs stays as small as it can.
    record_stop(ctx, steps[ctx.self().step].get(), run);
  }
}

// Whether a task of these steps can run without a coroutine frame (TaskState): only plain sleeps
// and steps that never wait, the cheapest task there is, and the one a million copies of make.
bool runs_frameless(const StepList& steps) {
  return std::all_of(steps.begin(), steps.end(), [](const std::unique_ptr<const Step>& step) {
    return step->is_plain_sleep() || step->never_waits();
  });
}

// The tasks of a run, in task order: their parking slots, which live as long as the run.
using TaskStates = FixedArray<TaskState>;

void make_tasks(TaskStates& tasks, const Scenario& scenario, const RunScope& scope) {
  for (const TaskSpec& spec : scenario.tasks()) {
    TaskNames names(spec);
    for (std::size_t index = 0; index < spec.task_count(); ++index, names.next()) {
      tasks.emplace_back(names.current(), scope);
    }
  }
}

// One task after another; each runs to its end before the next starts, since every wait
// blocks the thread and no coroutine ever suspends. Once the run is stopped (a signal, the
// timeout, a failure under OnError::cancel) the tasks left are cancelled before they start.
class SyncRun final : public Supervisor {
 public:
  SyncRun(SyncExecutor& executor, OnError on_error) : executor_(executor), on_error_(on_error) {}

  void run(const Scenario& scenario, Trace& trace) {
    const RunScope scope{executor_, trace};
    TaskStates tasks(scenario.task_count());
    make_tasks(tasks, scenario, scope);
    unfinished = tasks.size();
    std::size_t next = 0;
    for (const TaskSpec& spec : scenario.tasks()) {
      for (std::size_t index = 0; index < spec.task_count(); ++index) {
        TaskState& task = tasks[next++];
        if (executor_.stop_reason() != StopReason::none) task.wake = Wake::cancelled;
        run_task(*spec.steps, TaskContext(task), *this).handle().resume();
        if (!task.ended) throw std::logic_error("a task suspended in sync mode");
      }
    }
  }

  void task_ended(TaskState& task, bool failed) override {
    task.ended = true;
    --unfinished;
    if (failed && on_error_ == OnError::cancel) executor_.cancel_run(StopReason::task_failed);
  }
  StopReason stop_reason() const override { return executor_.stop_reason(); }
  StopReason stopped_by() const {
    return cancelled > 0 ? executor_.stop_reason() : StopReason::none;
  }

 private:
  SyncExecutor& executor_;
  OnError on_error_;
};

// The tasks as asyncio runs them (README, "What happens in one turn of the loop"):
//
//   async def main():
//       async with asyncio.timeout(TIMEOUT):            # --timeout, if given
//           await asyncio.gather(*tasks)                 # GroupForm::gather
//           async with asyncio.TaskGroup() as group:     # GroupForm::task_group
//               for task in tasks: group.create_task(task)
//           await asyncio.gather(*tasks, return_exceptions=True)   # gather_return_exceptions
//   asyncio.run(main())
//
// Each task's first step is queued in task order, behind the timeout's callback when that is
// already due. What main does in between is played by the entries below, each queued exactly
// where asyncio queues the callback it stands for, because when cancellation reaches a task
// decides what the task does before it ends:
// - gather cancels its children inside the timeout's callback, in task order;
// - a TaskGroup cancels them only when its parent task resumes from the timeout's cancel, one
//   turn later, or when the first failed child's done callback runs (asyncio cancels from a
//   set, in no fixed order; asyncdemo uses task order);
// - a failure under a plain gather reaches main through gather's done callback; main raises
//   it, and asyncio.run cancels the tasks still pending (in task order here too);
// - the run ends when main resumes after the last task's done callback: a timeout that comes
//   before that still times the run out, as asyncio.timeout then raises TimeoutError.
class AsyncRun final : public Supervisor, private FramelessDriver {
 public:
  AsyncRun(EventLoop& loop, GroupForm form, Trace& trace, std::size_t tasks)
      : loop_(loop), form_(form), scope_{loop, trace, this}, tasks_(tasks) {}

  // Returns true when every task ended; false when they were stuck (a deadlock), cancelled.
  bool run(const Scenario& scenario, std::optional<Duration> timeout) {
    make_tasks(tasks_, scenario, scope_);
    unfinished = tasks_.size();
    std::size_t next = 0;
    for (const TaskSpec& spec : scenario.tasks()) {
      const bool frameless = runs_frameless(*spec.steps);
      for (std::size_t index = 0; index < spec.task_count(); ++index) {
        TaskState& task = tasks_[next++];
        if (frameless) {
          task.frameless_steps = spec.steps.get();
        } else {
          task.waiter = run_task(*spec.steps, TaskContext(task), *this).handle();
        }
      }
    }
    if (timeout) {
      if (*timeout <= Duration::zero()) {
        loop_.call_soon(timeout_);  // asyncio.timeout with a deadline already passed
      } else {
        timeout_.deadline = loop_.now() + *timeout;
        loop_.call_at(timeout_);
      }
    }
    loop_.set_stop_handler(&on_stop_);
    if (timeout && *timeout <= Duration::zero()) {
      // create_task queues each first step behind the timeout's callback.
      for (TaskState& task : tasks_) loop_.yield_now(task);
    } else {
      // The first turn would run exactly the tasks' first steps, in order: run them now, as
      // that turn, without queueing a million of them first.
      loop_.core().begin_turn();
      for (TaskState& task : tasks_) {
        loop_.core().resuming(task);
        task.started = true;
        if (task.waiter) {
          task.waiter.resume();
        } else {
          step_on(task);
        }
      }
    }
    if (tasks_.empty()) loop_.call_soon(main_resumes_);
    bool whole = true;
    if (loop_.run_until() == EventLoop::Outcome::stuck) {
      whole = false;
      report_deadlock();
    }
    loop_.set_stop_handler(nullptr);
    return whole;
  }

  void task_ended(TaskState& task, bool failed) override {
    task.ended = true;
    --unfinished;
    if (failed) failed_any_ = true;
    if (first_end_ == End::none && (failed || task.cancelled())) {
      first_end_ = failed ? End::failed : End::cancelled;
    }
    if (failed && form_ != GroupForm::gather_return_exceptions && !abort_queued_) {
      abort_queued_ = true;
      // The first failure's done callback: the TaskGroup's _on_task_done aborts the group; a
      // plain gather's passes the exception to main, which then resumes and raises.
      loop_.call_soon(form_ == GroupForm::task_group ? abort_ : gather_failed_);
    }
    if (unfinished == 0 && !deadlocked_) loop_.call_soon(group_done_);
  }
  StopReason stop_reason() const override { return reason_; }

  // How main ended, as asyncio.run reports it: a stop request or a deadlock first; then a
  // failure that reached main (a TaskGroup raises every failure, whatever cancelled the rest; a
  // plain gather raises whichever of a failure or a cancellation reached it first); then a
  // timeout that fired before main resumed (asyncio.timeout raises TimeoutError).
  StopReason stopped_by() const {
    if (reason_ != StopReason::none && reason_ != StopReason::timeout &&
        reason_ != StopReason::task_failed) {
      return reason_;
    }
    const bool failure_reached_main = (form_ == GroupForm::task_group && failed_any_) ||
                                      (form_ == GroupForm::gather && first_end_ == End::failed);
    if (failure_reached_main) return StopReason::task_failed;
    return timed_out_ ? StopReason::timeout : StopReason::none;
  }
  const std::vector<std::string>& stuck() const { return stuck_; }
  std::string_view waiting_for(const TaskState& task) const override {
    if (waits_for_.empty()) return {};
    return waits_for_[static_cast<std::size_t>(&task - tasks_.data())];
  }

 private:
  // run_task's steps for a task without a coroutine frame: the same events in the same turns,
  // taken each time the task's turn comes, from where its last sleep left it.
  void step_on(TaskState& task) override {
    TaskContext ctx(task);
    const StepList& steps = *task.frameless_steps;
    if (!task.begun) {
      task.begun = true;
      if (task.cancelled()) {
        record_cancel(ctx, nullptr, *this);  // cancelled before it started
        return;
      }
      ctx.record_plain(EventKind::start);
    } else {
      if (task.cancelled()) {
        record_cancel(ctx, steps[task.step].get(), *this);
        return;
      }
      end_sleep(ctx);
      ++task.step;
    }
    for (; task.step < steps.size(); ++task.step) {
      const Step& step = *steps[task.step];
      if (!step.is_plain_sleep()) {
        step.run_at_once(ctx);
        continue;
      }
      begin_sleep(ctx, step.planned_wait());
      park_sleep(ctx, {});  // the loop always parks it: step_on comes again when it wakes
      return;
    }
    record_end(ctx, *this);
  }

  // An entry of the ready queue that calls back into this run.
  struct Entry final : TimedCallback {
    Entry(AsyncRun& run, void (AsyncRun::*action)(), std::string_view label)
        : run_(run), action_(action), label_(label) {}
    void run(LoopCore&) override { (run_.*action_)(); }
    std::string_view label() const override { return label_; }
    AsyncRun& run_;
    void (AsyncRun::*action_)();
    std::string_view label_;
  };

  void cancel_unfinished() {
    std::vector<Parked*> waiters;
    for (TaskState& task : tasks_) {
      if (!task.ended) waiters.push_back(&task);
    }
    loop_.cancel(waiters);
  }
  void stop_because(StopReason reason) {
    if (reason_ == StopReason::none) reason_ = reason;
  }
  // main is cancelled (by the timeout or a stop request): gather passes it on to every child at
  // once; a TaskGroup's parent resumes first.
  void main_cancelled() {
    if (main_done_) return;
    if (form_ == GroupForm::task_group) {
      if (!parent_queued_) {
        parent_queued_ = true;
        loop_.call_soon(parent_wakes_);
      }
      return;
    }
    cancel_unfinished();
  }
  void on_timeout() {
    if (main_done_) return;
    timed_out_ = true;
    stop_because(StopReason::timeout);
    main_cancelled();
  }
  void on_stop() {
    stop_because(loop_.stop_signal().reason());
    main_cancelled();
  }
  void abort() {
    if (aborting_) return;
    aborting_ = true;
    stop_because(StopReason::task_failed);
    cancel_unfinished();
  }
  void parent_wakes() {
    if (aborting_) return;
    aborting_ = true;
    cancel_unfinished();
  }
  void gather_failed() { loop_.call_soon(main_raises_); }
  // main raised the failure out of asyncio.run, which cancels every task still pending.
  void main_raises() {
    main_done_ = true;
    stop_because(StopReason::task_failed);
    cancel_unfinished();
  }
  void group_done() { loop_.call_soon(main_resumes_); }
  void main_resumes() {
    main_done_ = true;
    loop_.core().finish();
  }

  // Every task left waits for another: say what each waits for, then cancel them all.
  void report_deadlock() {
    deadlocked_ = true;
    stop_because(StopReason::deadlock);
    waits_for_.resize(tasks_.size());
    for (std::size_t i = 0; i < tasks_.size(); ++i) {
      const TaskState& task = tasks_[i];
      if (task.ended) continue;
      waits_for_[i] = task.source != nullptr ? task.source->waits_for(task) : "nothing";
      stuck_.push_back(fmt::format("{} waits for {}", task.label(), waits_for_[i]));
    }
    cancel_unfinished();
    loop_.run_until([this] { return unfinished == 0; });
  }

  EventLoop& loop_;
  GroupForm form_;
  RunScope scope_;
  TaskStates tasks_;
  Entry timeout_{*this, &AsyncRun::on_timeout, "--timeout"};
  Entry on_stop_{*this, &AsyncRun::on_stop, "stop request"};
  Entry abort_{*this, &AsyncRun::abort, "TaskGroup abort"};
  Entry parent_wakes_{*this, &AsyncRun::parent_wakes, "main"};
  Entry gather_failed_{*this, &AsyncRun::gather_failed, "gather"};
  Entry main_raises_{*this, &AsyncRun::main_raises, "main"};
  Entry group_done_{*this, &AsyncRun::group_done, "main"};
  Entry main_resumes_{*this, &AsyncRun::main_resumes, "main"};
  enum class End { none, failed, cancelled };
  StopReason reason_ = StopReason::none;
  End first_end_ = End::none;  // which came first: a task that failed, or one cancelled
  bool failed_any_ = false;
  bool timed_out_ = false;
  bool abort_queued_ = false;
  bool aborting_ = false;
  bool parent_queued_ = false;
  bool main_done_ = false;
  bool deadlocked_ = false;
  std::vector<std::string> stuck_;
  std::vector<std::string> waits_for_;  // by task, once a deadlock was found
};

}  // namespace

RunFacts run_scenario(const Scenario& scenario, Mode mode, ClockKind clock_kind, Trace& trace,
                      const StopSignal& stop, const RunSettings& settings) {
  std::unique_ptr<Clock> clock;
  RealClock* real_clock = nullptr;
  if (clock_kind == ClockKind::real) {
    auto real = std::make_unique<RealClock>(stop);
    real_clock = real.get();
    clock = std::move(real);
  } else {
    clock = std::make_unique<VirtualClock>(stop);
  }
  std::unique_ptr<Executor> executor;
  SyncExecutor* sync = nullptr;
  EventLoop* loop = nullptr;
  if (mode == Mode::sync) {
    auto owned = std::make_unique<SyncExecutor>(*clock, stop, real_clock);
    sync = owned.get();
    executor = std::move(owned);
  } else if (real_clock != nullptr) {
    auto owned = std::make_unique<UvLoop>(*real_clock, stop, settings.threads);
    loop = owned.get();
    executor = std::move(owned);
  } else {
    // As many virtual workers as the real pool would have threads; an explicit size always
    // applies, even when this process's real pool already runs with another.
    const std::size_t workers = settings.threads != 0 ? settings.threads : thread_pool_size(0);
    auto owned = std::make_unique<VirtualLoop>(static_cast<VirtualClock&>(*clock), stop, workers);
    loop = owned.get();
    executor = std::move(owned);
  }
  // Lines go out whenever the program is about to wait, so a reader sees each one live. In
  // virtual time nothing waits, and the output is written in large blocks.
  if (clock_kind == ClockKind::real) executor->set_idle_hook([&trace] { trace.flush(); });
  executor->set_observer(settings.observer);

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

  // Warnings go out after the trace lines before them, so a terminal shows them in place.
  const auto warn = [&trace, &settings](std::string_view message) {
    trace.flush();
    if (settings.warn) settings.warn(message);
  };
  LatenessSink lateness;
  trace.add_sink(lateness);
  RunStats stats(settings.slow, warn);
  trace.add_sink(stats);
  std::size_t finished = 0;
  std::size_t cancelled = 0;
  if (sync != nullptr) {
    if (settings.timeout) sync->set_deadline(run_start.t + *settings.timeout);
    SyncRun run(*sync, settings.on_error);
    run.run(scenario, trace);
    finished = run.finished;
    cancelled = run.cancelled;
    facts.stopped_by = run.stopped_by();
  } else {
    AsyncRun run(*loop, group_form(scenario, settings.on_error), trace, scenario.task_count());
    if (!run.run(scenario, settings.timeout)) {
      std::string stuck;
      for (const std::string& line : run.stuck()) stuck += "; " + line;
      warn(fmt::format("deadlock: no task can go on, and nothing else can wake them{}", stuck));
    }
    finished = run.finished;
    cancelled = run.cancelled;
    facts.stopped_by = run.stopped_by();
  }

  facts.elapsed = clock->now();
  facts.finished = finished;
  facts.cancelled = cancelled;
  trace.remove_sink(stats);
  stats.add_to(facts);
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
