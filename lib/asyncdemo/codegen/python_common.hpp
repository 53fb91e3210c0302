#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "asyncdemo/codegen/program_plan.hpp"
#include "asyncdemo/core/result.hpp"

// What the Python programs share (asyncio, the plain sequential one, Trio): the task functions,
// the trace, identifiers. Each program keeps its own table of steps.
namespace asyncdemo::codegen {

// A step as a Python program writes it: the line in its task's function, and the method of
// Traced that does the step and traces it (written once, when a task uses the step).
struct PythonStep {
  std::string_view kind;
  std::string (*call)(const PlannedStep& step);
  std::string (*method)(const ProgramPlan& plan);
};

// A step's line in its task's function: `await task.sleep(0.25)`, `task.print("hi")`.
std::string python_call(std::string_view method, const std::string& argument, bool awaited);

// A put:QUEUE=TEXT step's line: `await task.put("jobs", "job")` (awaited: it may wait for room).
std::string python_put_call(const PlannedStep& step, bool awaited);

// True when something can stop a task (a timeout, a failure): only then do the steps note where
// the task stands (`self.at`), for its cancel or fail line.
bool tracks_steps(const ProgramPlan& plan);

// `text` without the lines that note the step under way, when the plan does not need them.
std::string python_step_text(const ProgramPlan& plan, std::string text);

// One identifier per task, safe from Python's keywords and the programs' own names.
std::vector<std::string> python_identifiers(const ProgramPlan& plan);

// The tasks' functions, `async def a(task):` or `def a(task):`, one line per step; an Error when
// a step has no entry in `steps`.
Result<std::string> python_task_functions(const ProgramPlan& plan,
                                          const std::vector<std::string>& identifiers,
                                          std::span<const PythonStep> steps, bool async,
                                          std::string_view language);

// The methods of Traced for the kinds of step the plan uses, in the order of `steps`.
std::string python_step_methods(const ProgramPlan& plan, std::span<const PythonStep> steps);

// Statements that start the tasks in order, one `start(name, function)` for each task, and for
// copies one inside `for i in range(1, N + 1):` with the name `f"w{i}"`.
std::string python_task_loop(const ProgramPlan& plan, const std::vector<std::string>& identifiers,
                             std::string (*start)(const std::string& name,
                                                  const std::string& function));
// The name of a task, or of copy `i` of copies, as a Python literal: "a", f"w{i}".
std::string python_task_name(const PlannedTask& task);

// The trace's clock, counters and writer: START, now(), trace(), and Run, which also keeps what
// stopped the run when `stops` (one after another, a stop means the tasks left never start).
std::string python_trace_basics(const ProgramPlan& plan, bool stops);

// Traced.acquire for asyncio and Trio alike: both await the limit's acquire(), which waits in
// line, first come, first served.
std::string python_acquire_method(const ProgramPlan& plan);

// The run's facts as run_start and run_end carry them: `{"clock": "real", "tasks": 2, ...}`.
std::string python_facts(const ProgramPlan& plan);

// What the asyncio, plain and Trio programs' print and fail steps do alike.
std::string python_print_method(const ProgramPlan& plan);
std::string python_fail_method(const ProgramPlan& plan);

// The comment that opens the trace's part of a program, and its last lines.
inline constexpr std::string_view kPythonTraceHeading = R"(

# The trace. Each step above is a method of Traced below that does what its name says and prints
# what happened as a line of asyncdemo's JSON-lines trace.

)";
inline constexpr std::string_view kPythonMainGuard = R"(

if __name__ == "__main__":
    sys.exit(run())
)";

// --limit, --queue, --event as the program's LIMITS, QUEUES and EVENTS, each line made by the
// language's constructor for it (`asyncio.BoundedSemaphore(1)`); empty when none is declared.
std::string python_declarations(const ProgramPlan& plan, std::string (*limit)(std::size_t size),
                                std::string (*queue)(std::size_t maxsize), std::string_view event);

// The plan takes and gives back slots of limits (acquire:, --limit N).
bool python_uses_limits(const ProgramPlan& plan);
// A task awaits one that is spawned (and may not be yet when the await begins).
bool python_awaits_spawned(const ProgramPlan& plan);

// TASKS, every task by name with its function and copies, for spawn: and await:; empty when the
// plan has neither.
std::string python_task_table(const ProgramPlan& plan, const std::vector<std::string>& functions);

// What the trace keeps of the coordination: who holds each limit, how many wait for each event,
// and names_of() for spawn: and await:, as the plan needs them.
// `count_waiters`: the language's event does not say how many wait for it (asyncio's does not).
std::string python_coordination_state(const ProgramPlan& plan, bool count_waiters);

// Traced's give_back() and release_held(), for a limit whose release() raises ValueError once all
// its slots are free (asyncio's BoundedSemaphore, Trio's Semaphore with a max_value).
std::string python_limit_methods(const ProgramPlan& plan);

}  // namespace asyncdemo::codegen
