#include "asyncdemo/schedule/scheduler.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "asyncdemo/coordination/coordination.hpp"
#include "asyncdemo/core/detached_task.hpp"
#include "asyncdemo/core/fixed_array.hpp"
#include "asyncdemo/core/task_failed.hpp"
#include "asyncdemo/runtime/real_clock.hpp"
#include "asyncdemo/runtime/sync_executor.hpp"
#include "asyncdemo/runtime/uv_loop.hpp"
#include "asyncdemo/runtime/virtual_clock.hpp"
#include "asyncdemo/runtime/virtual_loop.hpp"
#include "asyncdemo/schedule/run_stats.hpp"
#include "asyncdemo/steps/acquire_step.hpp"
#include "asyncdemo/steps/step_awaiter.hpp"
#include "asyncdemo/trace/lateness.hpp"

namespace asyncdemo {

GroupForm group_form(const Scenario& scenario, OnError on_error) {
  if (scenario.spawns()) {
    return on_error == OnError::continue_ ? GroupForm::task_group_continue : GroupForm::task_group;
  }
  if (on_error == OnError::continue_) return GroupForm::gather_return_exceptions;
  for (const TaskSpec& spec : scenario.tasks()) {
    for (const auto& step : *spec.steps) {
      if (step->can_fail()) return GroupForm::task_group;
    }
  }
  return GroupForm::gather;
}

namespace {

using Outcome = TaskState::Outcome;
// A task's steps as its root coroutine runs them: the spec's, after --limit N's acquire.
using Steps = std::vector<const Step*>;

// What the tasks' root coroutines report as they end. Sync and async runs react differently:
// one after another, or as asyncio's gather or TaskGroup would.
class Supervisor {
 public:
  virtual void task_ended(TaskState& task, Outcome outcome, std::string_view message) = 0;
  // Why the run is being cut short, for the cancel events; none while it is not.
  virtual StopReason stop_reason() const = 0;
  // What a task that was stuck in a deadlock waited for; empty for any other task.
  virtual std::string_view waiting_for(const TaskState&) const { return {}; }
  // A task in sync mode reached a wait that only another task could end.
  virtual void deadlocked(const Deadlocked& deadlock) { (void)deadlock; }
  std::size_t unfinished = 0;
  std::size_t finished = 0;
  std::size_t cancelled = 0;

 protected:
  ~Supervisor() = default;
};

// A task's end gives back every slot it still holds, as `async with` would, before its end,
// cancel or fail event.
void release_held(TaskContext& ctx) {
  ctx.coordination().release_held(ctx);
}

void record_end(TaskContext& ctx, Supervisor& run) {
  release_held(ctx);
  ctx.record_plain(EventKind::end);
  ++run.finished;
  run.task_ended(ctx.self(), Outcome::finished, {});
}

void record_cancel(TaskContext& ctx, std::string_view at, Supervisor& run,
                   std::string_view waiting_for = {}) {
  release_held(ctx);
  TraceEvent event = ctx.event(EventKind::cancel);
  event.at = at;
  event.reason = run.stop_reason();
  event.text = waiting_for.empty() ? run.waiting_for(ctx.self()) : waiting_for;
  ctx.record(event);
  ++run.cancelled;
  run.task_ended(ctx.self(), Outcome::cancelled, {});
}

void record_fail(TaskContext& ctx, std::string_view at, const TaskFailed& failure,
                 Supervisor& run) {
  release_held(ctx);
  TraceEvent event = ctx.event(EventKind::fail);
  event.at = at;
  event.text = failure.message;
  ctx.record(event);
  run.task_ended(ctx.self(), Outcome::failed, failure.message);
}

// In a root coroutine's handler: records why the task stopped in step `at`, cancelled or
// failed, where a step inside a group says which one it was.
void record_stop(TaskContext& ctx, const Step& at, Supervisor& run) {
  try {
    throw;
  } catch (const Cancelled& cancel) {
    record_cancel(ctx, cancel.at.empty() ? at.spec() : cancel.at, run);
  } catch (const TaskFailed& failure) {
    record_fail(ctx, failure.at.empty() ? at.spec() : failure.at, failure, run);
  } catch (const Deadlocked& deadlock) {
    run.deadlocked(deadlock);
    record_cancel(ctx, deadlock.at.empty() ? at.spec() : deadlock.at, run, deadlock.waiting_for);
  } catch (const std::exception& error) {
    // Anything else a step throws is still that task's failure, never the process's: the run
    // goes on (or is cancelled, as --on-error says) instead of waiting for a task that is gone.
    record_fail(ctx, at.spec(), TaskFailed{error.what()}, run);
  } catch (...) {
    record_fail(ctx, at.spec(), TaskFailed{"unknown error"}, run);
  }
}

// The root coroutine of one task: its steps in order, then "end"; "cancel" where a cancel
// found it; or "fail" where a step failed. A task cancelled before its first step never
// starts, as a coroutine that asyncio throws CancelledError into before it ran. Its frame is
// what each waiting task costs, so it keeps no more than it must: the step under way is in the
// task's state, the events are built in the functions above, on the stack, and the frame frees
// itself when the task ends.
DetachedTask run_task(const Steps& steps, TaskContext ctx, Supervisor& run) {
  if (ctx.self().cancelled()) {
    record_cancel(ctx, {}, run);
    co_return;
  }
  ctx.record_plain(EventKind::start);
  try {
    for (; ctx.self().step < steps.size(); ++ctx.self().step) {
      co_await StepAwaiter(*steps[ctx.self().step], ctx);
    }
    record_end(ctx, run);
  } catch (...) {
    // One handler, so that the frame every waiting task costs stays as small as it can.
    record_stop(ctx, *steps[ctx.self().step], run);
  }
}

using TaskStates = FixedArray<TaskState>;

// The tasks of a run, in task order: their parking slots, which live as long as the run; and
// each spec's steps as the root coroutines run them.
void make_tasks(TaskStates& tasks, const Scenario& scenario, const RunScope& scope) {
  for (const TaskSpec& spec : scenario.tasks()) {
    TaskNames names(spec);
    for (std::size_t index = 0; index < spec.task_count(); ++index, names.next()) {
      tasks.emplace_back(names.current(), scope);
    }
  }
}
std::vector<Steps> steps_of(const Scenario& scenario) {
  static const AcquireEveryTaskStep every_task;
  std::vector<Steps> lists;
  for (const TaskSpec& spec : scenario.tasks()) {
    Steps& steps = lists.emplace_back();
    if (scenario.declarations().every_task) steps.push_back(&every_task);
    for (const auto& step : *spec.steps) steps.push_back(step.get());
  }
  return lists;
}

// Whether a task of these steps can run without a coroutine frame (TaskState): only plain sleeps
// and steps that never wait, the cheapest task there is, and the one a million copies of make.
bool runs_frameless(const Steps& steps) {
  return std::all_of(steps.begin(), steps.end(), [](const Step* step) {
    return step->is_plain_sleep() || step->never_waits();
  });
}

// A failure message naming the task that failed, for those that awaited it.
std::string failed_message(std::string_view name, std::string_view message) {
  return std::string(name) + " failed" + (message.empty() ? "" : ": " + std::string(message));
}

// What both kinds of run keep about their tasks: the states, the steps, and how each ended.
class RunTasks {
 public:
  RunTasks(const Scenario& scenario, const RunScope& scope)
      : index_(scenario.index()), steps_(steps_of(scenario)), states_(scenario.task_count()) {
    make_tasks(states_, scenario, scope);
  }
  TaskStates& states() { return states_; }
  const TaskStates& states() const { return states_; }
  std::size_t place(const TaskState& task) const {
    return static_cast<std::size_t>(&task - states_.data());
  }
  const Steps& steps_for(std::size_t place) const { return steps_[index_.spec_of(place)]; }
  TaskRange find(std::string_view name) const { return *index_.find(name); }
  // The root coroutine of task `place`, suspended before its first step.
  std::coroutine_handle<> root(std::size_t place, Supervisor& run) {
    return run_task(steps_for(place), TaskContext(states_[place]), run).handle();
  }
  void note_failure(const TaskState& task, std::string_view message) {
    failures_.emplace(place(task), std::string(message));
  }
  std::string failure_of(std::size_t place) const {
    const auto found = failures_.find(place);
    return found == failures_.end() ? std::string() : found->second;
  }

 private:
  TaskIndex index_;
  std::vector<Steps> steps_;
  TaskStates states_;
  std::unordered_map<std::size_t, std::string> failures_;  // the failed tasks' messages
};

// One task after another; each runs to its end before the next starts, since every wait
// blocks the thread and no coroutine ever suspends. Once the run is stopped (a signal, the
// timeout, a failure under OnError::cancel, a deadlock) the tasks left are cancelled before
// they start. A spawned task runs where it is spawned, and an awaited one that has not run yet
// where it is awaited, as plain calls.
class SyncRun final : public Supervisor, private TaskLinks {
 public:
  SyncRun(SyncExecutor& executor, Trace& trace, const Scenario& scenario, OnError on_error)
      : executor_(executor),
        on_error_(on_error),
        coordination_(scenario.declarations(), *this),
        scope_{executor, trace, &coordination_},
        tasks_(scenario, scope_) {}

  void run(const Scenario& scenario) {
    for (std::size_t place = 0; place < tasks_.states().size(); ++place) {
      if (scenario.spawned(place) || tasks_.states()[place].ended) continue;
      start(place);
    }
    // Spawned tasks whose spawner stopped before it spawned them never started.
    for (std::size_t place = 0; place < tasks_.states().size(); ++place) {
      TaskState& task = tasks_.states()[place];
      if (task.ended) continue;
      TaskContext ctx(task);
      record_cancel(ctx, {}, *this);
    }
  }

  void task_ended(TaskState& task, Outcome outcome, std::string_view message) override {
    task.ended = true;
    task.outcome = outcome;
    if (outcome == Outcome::failed) {
      tasks_.note_failure(task, message);
      if (on_error_ == OnError::cancel) executor_.cancel_run(StopReason::task_failed);
    }
  }
  StopReason stop_reason() const override { return executor_.stop_reason(); }
  void deadlocked(const Deadlocked& deadlock) override {
    executor_.cancel_run(StopReason::deadlock);
    deadlock_warning_ =
        "deadlock: a task waits for " + deadlock.waiting_for + ", but " + deadlock.why;
  }
  // Said once the stuck tasks' cancel lines are out, as an async run's deadlock is.
  const std::string& deadlock_warning() const { return deadlock_warning_; }
  StopReason stopped_by() const {
    return cancelled > 0 ? executor_.stop_reason() : StopReason::none;
  }

 private:
  void start(std::size_t place) {
    TaskState& task = tasks_.states()[place];
    if (executor_.stop_reason() != StopReason::none) task.wake = Wake::cancelled;
    task.created = true;
    tasks_.root(place, *this).resume();
    if (!task.ended) throw std::logic_error("a task suspended in sync mode");
  }
  void spawn(TaskContext& ctx, std::string_view name) override {
    const TaskRange range = tasks_.find(name);
    for (std::size_t place = range.first; place < range.first + range.count; ++place) {
      TraceEvent spawned = ctx.event(EventKind::spawn);
      spawned.other = tasks_.states()[place].label();
      ctx.record(spawned);
      // A task awaited before it was spawned has run already, where it was awaited.
      if (!tasks_.states()[place].created) start(place);
    }
  }
  Task await_task(TaskContext& ctx, std::string_view name) override {
    const TaskRange range = tasks_.find(name);
    for (std::size_t place = range.first; place < range.first + range.count; ++place) {
      TaskState& target = tasks_.states()[place];
      if (!target.ended && target.created) {
        throw Deadlocked{"task " + std::string(target.label()) + " to end",
                         "in sync mode " + std::string(target.label()) +
                             " is still running the step that started this task, and cannot "
                             "go on before it ends",
                         {}};
      }
      if (!target.ended) start(place);
      if (target.outcome == Outcome::cancelled) throw Cancelled{};
      if (target.outcome == Outcome::failed) {
        throw TaskFailed{failed_message(target.label(), tasks_.failure_of(place))};
      }
    }
    (void)ctx;
    co_return;
  }

  SyncExecutor& executor_;
  OnError on_error_;
  std::string deadlock_warning_;
  Coordination coordination_;
  RunScope scope_;
  RunTasks tasks_;
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
// A task spawned by a spawn: step joins the TaskGroup there (group.create_task); one awaited by
// an await: step wakes its awaiters with its done callbacks, after the group's own.
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
class AsyncRun final : public Supervisor, private TaskLinks, private FramelessDriver {
 public:
  AsyncRun(EventLoop& loop, GroupForm form, Trace& trace, const Scenario& scenario)
      : loop_(loop),
        form_(form),
        coordination_(scenario.declarations(), *this),
        scope_{loop, trace, &coordination_, this},
        tasks_(scenario, scope_) {}

  // Returns true when every task ended; false when they were stuck (a deadlock), cancelled.
  bool run(const Scenario& scenario, std::optional<Duration> timeout) {
    TaskStates& states = tasks_.states();
    std::vector<TaskState*> first;  // the tasks that start with the run
    for (std::size_t place = 0; place < states.size(); ++place) {
      if (runs_frameless(tasks_.steps_for(place))) {
        states[place].frameless_steps = &tasks_.steps_for(place);
      } else {
        states[place].waiter = tasks_.root(place, *this);
      }
      if (!scenario.spawned(place)) {
        states[place].created = true;
        first.push_back(&states[place]);
      }
    }
    unfinished = first.size();
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
      for (TaskState* task : first) loop_.yield_now(*task);
    } else {
      // The first turn would run exactly the tasks' first steps, in order: run them now, as
      // that turn, without queueing a million of them first.
      loop_.core().begin_turn();
      for (TaskState* task : first) {
        loop_.core().resuming(*task);
        task->started = true;
        go_on(*task);
      }
    }
    if (first.empty()) loop_.call_soon(main_resumes_);
    bool whole = true;
    if (loop_.run_until() == EventLoop::Outcome::stuck) {
      whole = false;
      report_deadlock();
    } else if (unfinished > 0) {
      // main raised out of asyncio.run with tasks still pending: it cancels them, and runs
      // the loop until they have ended.
      loop_.core().resume();
      cancel_unfinished();
      loop_.run_until([this] { return unfinished == 0; });
    }
    loop_.set_stop_handler(nullptr);
    // Spawned tasks whose spawner stopped before it spawned them never started.
    for (TaskState& task : states) {
      if (task.ended) continue;
      task.wake = Wake::cancelled;
      go_on(task);  // its root records the cancel, and ends
    }
    return whole;
  }

  void task_ended(TaskState& task, Outcome outcome, std::string_view message) override {
    task.ended = true;
    task.outcome = outcome;
    if (!task.created) return;  // never spawned: its end is only recorded
    --unfinished;
    const bool failed = outcome == Outcome::failed;
    if (failed) {
      failed_any_ = true;
      tasks_.note_failure(task, message);
    }
    if (first_end_ == End::none && outcome != Outcome::finished) {
      first_end_ = failed ? End::failed : End::cancelled;
    }
    const bool aborts = form_ == GroupForm::task_group || form_ == GroupForm::gather;
    if (failed && aborts && !abort_queued_) {
      abort_queued_ = true;
      // The first failure's done callback: the TaskGroup's _on_task_done aborts the group; a
      // plain gather's passes the exception to main, which then resumes and raises.
      loop_.call_soon(form_ == GroupForm::task_group ? abort_ : gather_failed_);
    }
    // Then the done callbacks of the tasks that await it, in the order they came.
    if (const auto lot = awaiters_.find(tasks_.place(task)); lot != awaiters_.end()) {
      loop_.unpark(*lot->second, lot->second->size());
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
    const bool failure_reached_main =
        (form_ == GroupForm::task_group && failed_any_) ||
        (form_ == GroupForm::gather && first_end_ == End::failed && !main_must_cancel_);
    if (failure_reached_main) return StopReason::task_failed;
    return timed_out_ ? StopReason::timeout : StopReason::none;
  }
  const std::vector<std::string>& stuck() const { return stuck_; }
  std::string_view waiting_for(const TaskState& task) const override {
    if (waits_for_.empty()) return {};
    return waits_for_[tasks_.place(task)];
  }

 private:
  void go_on(TaskState& task) {
    if (task.waiter) {
      task.waiter.resume();
    } else {
      step_on(task);
    }
  }
  // run_task's steps for a task without a coroutine frame: the same events in the same turns,
  // taken each time the task's turn comes, from where its last sleep left it.
  void step_on(TaskState& task) override {
    TaskContext ctx(task);
    const Steps& steps = *task.frameless_steps;
    if (!task.begun) {
      task.begun = true;
      if (task.cancelled()) {
        record_cancel(ctx, {}, *this);  // cancelled before it started
        return;
      }
      ctx.record_plain(EventKind::start);
    } else {
      if (task.cancelled()) {
        record_cancel(ctx, steps[task.step]->spec(), *this);
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

  // group.create_task: the child's first step is queued for the next turn.
  void spawn(TaskContext& ctx, std::string_view name) override {
    const TaskRange range = tasks_.find(name);
    for (std::size_t place = range.first; place < range.first + range.count; ++place) {
      TaskState& child = tasks_.states()[place];
      TraceEvent spawned = ctx.event(EventKind::spawn);
      spawned.other = child.label();
      ctx.record(spawned);
      child.created = true;
      ++unfinished;
      loop_.yield_now(child);
      // Then those that await it and came before it existed go on to await it.
      if (const auto lot = spawn_waiters_.find(place); lot != spawn_waiters_.end()) {
        loop_.unpark(*lot->second, lot->second->size());
      }
    }
  }
  // `await task`: a task that has ended answers at once; otherwise the awaiter parks until the
  // task's done callbacks wake it.
  Task await_task(TaskContext& ctx, std::string_view name) override {
    const TaskRange range = tasks_.find(name);
    for (std::size_t place = range.first; place < range.first + range.count; ++place) {
      TaskState& target = tasks_.states()[place];
      if (!target.created) {
        // No task to await before it is spawned: wait for that first.
        std::unique_ptr<ParkingLot>& lot = spawn_waiters_[place];
        if (!lot)
          lot = std::make_unique<ParkingLot>("task " + std::string(target.label()) +
                                             " to be spawned");
        co_await ParkIn{ctx, *lot};
      }
      if (!target.ended) {
        std::unique_ptr<ParkingLot>& lot = awaiters_[place];
        if (!lot) lot = std::make_unique<AwaitersOf>(target);
        co_await ParkIn{ctx, *lot};
      }
      if (target.outcome == Outcome::cancelled) throw Cancelled{};
      if (target.outcome == Outcome::failed) {
        throw TaskFailed{failed_message(target.label(), tasks_.failure_of(place))};
      }
    }
  }
  // The tasks that await one task. Cancelling one of them cancels the task it awaits instead,
  // as asyncio's Task.cancel cancels the future a task waits on, which is a task here; the
  // awaiter ends when that task does.
  class AwaitersOf final : public ParkingLot {
   public:
    explicit AwaitersOf(TaskState& task)
        : ParkingLot("task " + std::string(task.label())), task_(task) {}
    Parked* cancel_instead(const Parked&) override { return task_.ended ? nullptr : &task_; }

   private:
    TaskState& task_;
  };
  struct ParkIn {
    TaskContext& ctx;
    ParkingLot& lot;
    bool await_ready() const noexcept { return false; }
    bool await_suspend(std::coroutine_handle<> waiter) {
      ctx.self().waiter = waiter;
      return ctx.executor().park_on(lot, ctx.self(), {});
    }
    void await_resume() const {
      if (ctx.self().cancelled()) throw Cancelled{};
    }
  };

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
    for (TaskState& task : tasks_.states()) {
      if (task.created && !task.ended) waiters.push_back(&task);
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
    if (form_ == GroupForm::task_group || form_ == GroupForm::task_group_continue) {
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
    if (outer_done_) {
      // gather already holds a failure for main: main.cancel() cannot reach the children
      // through it, so main resumes with CancelledError instead of that failure.
      main_must_cancel_ = true;
      return;
    }
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
  void gather_failed() {
    outer_done_ = true;  // gather's future holds the failure
    stop_because(StopReason::task_failed);
    loop_.call_soon(main_raises_);
  }
  // main raised the failure: its done callback stops the loop, which ends that turn first;
  // then asyncio.run cancels every task still pending (see run()).
  void main_raises() {
    main_done_ = true;
    stop_because(StopReason::task_failed);
    loop_.call_soon(loop_stops_);
  }
  void loop_stops() { loop_.core().finish_after_turn(); }
  void group_done() { loop_.call_soon(main_resumes_); }
  void main_resumes() {
    main_done_ = true;
    loop_.core().finish();
  }

  // Every task left waits for another: say what each waits for, then cancel them all.
  void report_deadlock() {
    deadlocked_ = true;
    stop_because(StopReason::deadlock);
    const TaskStates& states = tasks_.states();
    waits_for_.resize(states.size());
    for (std::size_t i = 0; i < states.size(); ++i) {
      const TaskState& task = states[i];
      if (task.ended || !task.created) continue;
      waits_for_[i] = task.source != nullptr ? task.source->waits_for(task) : "nothing";
      stuck_.push_back(fmt::format("{} waits for {}", task.label(), waits_for_[i]));
    }
    cancel_unfinished();
    loop_.run_until([this] { return unfinished == 0; });
  }

  EventLoop& loop_;
  GroupForm form_;
  Coordination coordination_;
  RunScope scope_;
  RunTasks tasks_;
  std::unordered_map<std::size_t, std::unique_ptr<ParkingLot>> awaiters_;       // by awaited task
  std::unordered_map<std::size_t, std::unique_ptr<ParkingLot>> spawn_waiters_;  // not yet spawned
  Entry timeout_{*this, &AsyncRun::on_timeout, "--timeout"};
  Entry on_stop_{*this, &AsyncRun::on_stop, "stop request"};
  Entry abort_{*this, &AsyncRun::abort, "TaskGroup abort"};
  Entry parent_wakes_{*this, &AsyncRun::parent_wakes, "main"};
  Entry gather_failed_{*this, &AsyncRun::gather_failed, "gather"};
  Entry main_raises_{*this, &AsyncRun::main_raises, "main"};
  Entry loop_stops_{*this, &AsyncRun::loop_stops, "asyncio.run"};
  Entry group_done_{*this, &AsyncRun::group_done, "main"};
  Entry main_resumes_{*this, &AsyncRun::main_resumes, "main"};
  enum class End { none, failed, cancelled };
  StopReason reason_ = StopReason::none;
  End first_end_ = End::none;  // which came first: a task that failed, or one cancelled
  bool failed_any_ = false;
  bool timed_out_ = false;
  bool outer_done_ = false;        // gather's future is done with a failure
  bool main_must_cancel_ = false;  // main resumes with CancelledError, whatever gather holds
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
  // The pool theory counts with: the real pool's size once started, else what it will be.
  const std::size_t pool = clock_kind == ClockKind::real || settings.threads == 0
                               ? thread_pool_size(settings.threads)
                               : settings.threads;
  Theory theory = scenario.theory(mode, pool);
  if (theory.needs_ideal_run && settings.ideal_run_for_theory) {
    // The scenario once more, silently, on the virtual clock: every wait as long as it asks.
    RunSettings ideal;
    ideal.threads = pool;
    ideal.on_error = settings.on_error;
    ideal.warn = {};
    ideal.ideal_run_for_theory = false;
    Trace silent;
    StopSignal never;
    theory.total = run_scenario(scenario, mode, ClockKind::virtual_, silent, never, ideal).elapsed;
  }
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
    SyncRun run(*sync, trace, scenario, settings.on_error);
    run.run(scenario);
    if (!run.deadlock_warning().empty()) warn(run.deadlock_warning());
    finished = run.finished;
    cancelled = run.cancelled;
    facts.stopped_by = run.stopped_by();
  } else {
    AsyncRun run(*loop, group_form(scenario, settings.on_error), trace, scenario);
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
