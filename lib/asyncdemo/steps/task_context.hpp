#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "asyncdemo/runtime/executor.hpp"
#include "asyncdemo/runtime/parking.hpp"
#include "asyncdemo/steps/task_name.hpp"
#include "asyncdemo/trace/trace.hpp"

namespace asyncdemo {

class SleepFor;
class SocketAccess;
class Step;
class TaskState;

// What drives a task that has no coroutine frame of its own (the scheduler does, for a task of
// plain sleeps and prints): called each time the task's turn comes.
class FramelessDriver {
 public:
  virtual void step_on(TaskState& task) = 0;

 protected:
  ~FramelessDriver() = default;
};

class Coordination;

// Where the tasks of one run run and record, and what they coordinate through: shared by all.
struct RunScope {
  Executor& executor;
  Trace& trace;
  Coordination* coordination = nullptr;  // the run's limits, queues, events and tasks
  FramelessDriver* driver = nullptr;
};

// One task of a run as its executor sees it: the parking slot every wait of the task goes
// through, its name, the step it is at, and where it runs and records. The scheduler keeps one
// per task, in task order, for as long as the run lasts; it is what a sleeping task costs
// besides its frame, so its fields pack into the parking slot's tail.
//
// A task whose steps never wait but for plain sleeps (sleep:, print:) has no coroutine frame at
// all in async mode: its `frameless_steps` are set, `waiter` stays empty, and the run's
// FramelessDriver takes its next steps each time its turn comes. Then a sleeping task costs
// this object and nothing else.
class TaskState final : public Parked {
 public:
  TaskState(std::string_view name, const RunScope& scope) : name_(name), scope_(&scope) {}
  std::string_view label() const override { return name_.view(); }
  void step_on() override { scope_->driver->step_on(*this); }

  Executor& executor() const { return scope_->executor; }
  Trace& trace() const { return scope_->trace; }
  Coordination& coordination() const { return *scope_->coordination; }
  enum class Outcome : std::uint8_t { none, finished, failed, cancelled };
  bool ended : 1 = false;    // its root coroutine has ended: finished, failed or cancelled
  bool yields : 1 = false;   // the sleep under way is sleep(0)
  bool created : 1 = false;  // started with the run or spawned: its root runs or is queued
  bool begun : 1 = false;    // a frameless task has taken its first turn
  Outcome outcome : 2 = Outcome::none;
  std::uint32_t step = 0;  // the step under way, from 0, for a cancel or a failure
  // The steps of a task without a coroutine frame; null for one that runs as a coroutine.
  const std::vector<const Step*>* frameless_steps = nullptr;

 private:
  TaskName name_;
  const RunScope* scope_;
};

// What a running step can see and do: the time, waiting through the executor, and recording
// events of its own task. It lives in the task's root coroutine frame, so it is one pointer: a
// million sleeping tasks hold a million of these.
class TaskContext {
 public:
  explicit TaskContext(TaskState& task) : task_(&task) {}

  Executor& executor() const { return task_->executor(); }
  Duration now() const { return executor().clock().now(); }
  std::string_view task() const { return task_->label(); }
  // The task's parking slot, for a step that parks it (work, sockets).
  TaskState& self() const { return *task_; }
  // Sockets, for a step that needs them; null on the virtual clock.
  SocketAccess* sockets() const { return executor().sockets(); }
  // The run's limits, queues, events and tasks, for the coordination steps.
  Coordination& coordination() const { return task_->coordination(); }

  // co_await ctx.sleep_for(duration): asyncio.sleep, recorded as a sleep and a wake event.
  // sleep_for(0) is asyncio.sleep(0): a bare yield that lets every ready task run first.
  SleepFor sleep_for(Duration duration);

  // An event of this task stamped with the current time, for the caller to fill in and record
  // before its next co_await.
  TraceEvent event(EventKind kind) const {
    TraceEvent e;
    e.kind = kind;
    e.t = now();
    e.mode = executor().mode();
    e.task = task();
    return e;
  }
  void record(const TraceEvent& event) const { task_->trace().record(event); }
  // Records an event that carries nothing but its task and its time (start, end): built and
  // stamped only when a sink reads it, counted either way.
  void record_plain(EventKind kind) const {
    Trace& trace = task_->trace();
    if (trace.reads(kind)) {
      trace.record(event(kind));
    } else {
      trace.count_unread();
    }
  }

 private:
  TaskState* task_;
};

// The three parts of a sleep, shared by SleepFor and by a root frame that awaits a plain sleep
// itself (see StepAwaiter): records the sleep and sets the deadline; parks the task (returns false
// when it goes on at once); checks for a cancel and records the wake.
void begin_sleep(const TaskContext& ctx, Duration duration);
inline bool park_sleep(const TaskContext& ctx, std::coroutine_handle<> waiter) {
  TaskState& task = ctx.self();
  task.waiter = waiter;
  if (task.yields) return task.executor().yield_now(task);
  task.timed = true;
  return task.executor().park(task);
}
void end_sleep(const TaskContext& ctx);

// The awaitable behind TaskContext::sleep_for. Recording happens in out-of-line functions so
// that the events built there live on the stack, not in every sleeping coroutine's frame.
class SleepFor {
 public:
  SleepFor(const TaskContext& ctx, Duration duration) : ctx_(ctx) { begin_sleep(ctx, duration); }
  bool await_ready() const noexcept { return false; }
  bool await_suspend(std::coroutine_handle<> waiter) { return park_sleep(ctx_, waiter); }
  // Throws Cancelled if the task was cancelled meanwhile; records the wake otherwise.
  void await_resume() const { end_sleep(ctx_); }

 private:
  TaskContext ctx_;
};

inline SleepFor TaskContext::sleep_for(Duration duration) {
  return SleepFor(*this, duration);
}

}  // namespace asyncdemo
