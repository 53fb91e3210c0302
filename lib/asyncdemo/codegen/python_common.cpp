#include "asyncdemo/codegen/python_common.hpp"

#include <optional>

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/codegen/program_text.hpp"

namespace asyncdemo::codegen {

std::string python_call(std::string_view method, const std::string& argument, bool awaited) {
  return std::string(awaited ? "await " : "") + "task." + std::string(method) + "(" + argument +
         ")";
}

bool tracks_steps(const ProgramPlan& plan) {
  return plan.timeout || plan.can_fail() || plan.coordinates();
}

std::string python_step_text(const ProgramPlan& plan, std::string text) {
  return tracks_steps(plan) ? text : without_lines_containing(text, "self.at = ");
}

std::vector<std::string> python_identifiers(const ProgramPlan& plan) {
  // Python's keywords, the modules and built-ins the programs use, and their own names.
  return task_identifiers(plan, {"False",
                                 "None",
                                 "True",
                                 "and",
                                 "as",
                                 "assert",
                                 "async",
                                 "await",
                                 "break",
                                 "class",
                                 "continue",
                                 "def",
                                 "del",
                                 "elif",
                                 "else",
                                 "except",
                                 "finally",
                                 "for",
                                 "from",
                                 "global",
                                 "if",
                                 "import",
                                 "in",
                                 "is",
                                 "lambda",
                                 "nonlocal",
                                 "not",
                                 "or",
                                 "pass",
                                 "raise",
                                 "return",
                                 "try",
                                 "while",
                                 "with",
                                 "yield",
                                 "match",
                                 "case",
                                 "asyncio",
                                 "json",
                                 "sys",
                                 "time",
                                 "trio",
                                 "aiohttp",
                                 "urllib",
                                 "print",
                                 "round",
                                 "max",
                                 "str",
                                 "len",
                                 "range",
                                 "int",
                                 "Exception",
                                 "RuntimeError",
                                 "TimeoutError",
                                 "ExceptionGroup",
                                 "ThreadPoolExecutor",
                                 "main",
                                 "run",
                                 "trace",
                                 "now",
                                 "wait",
                                 "Traced",
                                 "Run",
                                 "START",
                                 "POOL",
                                 "TIMEOUT",
                                 "task"});
}

namespace {

// The lines of `steps` at `depth` levels of indentation; a group is a `for` loop around its own.
std::optional<Error> write_steps(const std::vector<PlannedStep>& steps, std::size_t depth,
                                 std::span<const PythonStep> table, std::string_view language,
                                 std::string& out) {
  const std::string indent(4 * depth, ' ');
  for (const PlannedStep& step : steps) {
    if (step.is_group) {
      out += indent + "for _ in range(" + std::to_string(step.times) + "):\n";
      if (auto error = write_steps(step.steps, depth + 1, table, language, out)) return error;
      continue;
    }
    const PythonStep* code = nullptr;
    for (const PythonStep& candidate : table) {
      if (candidate.kind == step.kind) code = &candidate;
    }
    if (code == nullptr) return no_form_for(language, step);
    out += indent + code->call(step) + "\n";
  }
  return std::nullopt;
}

}  // namespace

Result<std::string> python_task_functions(const ProgramPlan& plan,
                                          const std::vector<std::string>& identifiers,
                                          std::span<const PythonStep> steps, bool async,
                                          std::string_view language) {
  std::string out;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    out += "\n\n";
    out += async ? "async def " : "def ";
    out += identifiers[i] + "(task):\n";
    if (plan.tasks[i].steps.empty()) out += "    pass\n";
    if (auto error = write_steps(plan.tasks[i].steps, 1, steps, language, out)) return *error;
  }
  return out;
}

std::string python_step_methods(const ProgramPlan& plan, std::span<const PythonStep> steps) {
  std::string out;
  for (const PythonStep& step : steps) {
    if (plan.uses(step.kind)) out += "\n" + python_step_text(plan, step.method(plan));
  }
  return out;
}

std::string python_task_name(const PlannedTask& task) {
  if (task.copies == 0) return string_literal(task.name);
  return "f" + string_literal(task.name + "{i}");
}

std::string python_task_loop(const ProgramPlan& plan, const std::vector<std::string>& identifiers,
                             std::string (*start)(const std::string& name,
                                                  const std::string& function)) {
  std::string out;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const PlannedTask& task = plan.tasks[i];
    if (task.spawned) continue;  // a spawn step starts it
    const std::string statement = start(python_task_name(task), identifiers[i]);
    if (task.copies == 0) {
      out += statement + "\n";
    } else {
      out += "for i in range(1, " + std::to_string(task.copies + 1) + "):\n    " + statement + "\n";
    }
  }
  return out;
}

std::string python_facts(const ProgramPlan& plan) {
  return "{\"clock\": \"real\", \"tasks\": " + std::to_string(plan.task_count) +
         ", \"theory\": " + seconds_literal(plan.theory) + "}";
}

std::string python_trace_basics(const ProgramPlan& plan, bool stops) {
  return filled(
      R"(START = time.monotonic()


class Run:
    """What the trace's last line counts."""

    finished = cancelled = failed = 0
@STOPPED_BY@

def now():
    """Seconds since the program started."""
    return time.monotonic() - START


def trace(event, **fields):
    """One line of the trace, as asyncdemo writes it."""
    line = {"t": round(now(), 6), "mode": "@MODE@", "event": event, **fields}
    print(json.dumps(line), flush=True)
)",
      {{"@MODE@", to_string(plan.mode)},
       {"@STOPPED_BY@",
        stops ? "    stopped_by = None  # \"timeout\" or \"failure\": the tasks left never start\n"
              : ""}});
}

std::string python_print_method(const ProgramPlan&) {
  return R"(    def print(self, text):
        trace("print", task=self.name, text=text)
)";
}

std::string python_fail_method(const ProgramPlan&) {
  return R"(    def fail(self, message):
        self.at = f"fail:{message}"
        raise RuntimeError(message)
)";
}

std::string python_declarations(const ProgramPlan& plan, std::string (*limit)(std::size_t size),
                                std::string (*queue)(std::size_t maxsize), std::string_view event) {
  const Declarations& declared = plan.declarations;
  std::string out;
  std::string limits;
  for (const Declarations::Limit& each : declared.limits) {
    limits += (limits.empty() ? "" : ", ") + string_literal(each.name) + ": " + limit(each.size);
  }
  if (declared.every_task) {
    limits +=
        (limits.empty() ? "" : ", ") + std::string("\"limit\": ") + limit(*declared.every_task);
  }
  if (!limits.empty()) out += "LIMITS = {" + limits + "}  # --limit: so many slots (1: a lock)\n";
  std::string queues;
  for (const Declarations::Queue& each : declared.queues) {
    queues += (queues.empty() ? "" : ", ") + string_literal(each.name) + ": " + queue(each.maxsize);
  }
  if (!queues.empty()) out += "QUEUES = {" + queues + "}  # --queue NAME=MAXSIZE\n";
  std::string events;
  for (const std::string& name : declared.events) {
    events += (events.empty() ? "" : ", ") + string_literal(name) + ": " + std::string(event);
  }
  if (!events.empty()) out += "EVENTS = {" + events + "}  # --event NAME\n";
  return out;
}

bool python_uses_limits(const ProgramPlan& plan) {
  return plan.uses("acquire") || plan.uses("release") || plan.declarations.every_task;
}

bool python_awaits_spawned(const ProgramPlan& plan) {
  if (!plan.uses("await")) return false;
  for (const PlannedTask& task : plan.tasks) {
    if (task.spawned) return true;
  }
  return false;
}

std::string python_task_table(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  if (!plan.uses("spawn") && !plan.uses("await")) return "";
  std::string out =
      "\n\n# Every task by name, for spawn and await: its function, and its copies (0: one "
      "task).\nTASKS = {\n";
  std::string spawned;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    out += "    " + string_literal(plan.tasks[i].name) + ": (" + functions[i] + ", " +
           std::to_string(plan.tasks[i].copies) + "),\n";
    if (plan.tasks[i].spawned) {
      spawned += (spawned.empty() ? "" : ", ") + string_literal(plan.tasks[i].name);
    }
  }
  out += "}\n";
  if (!spawned.empty()) out += "SPAWNED = [" + spawned + "]  # started only by a spawn step\n";
  return out;
}

std::string python_coordination_state(const ProgramPlan& plan, bool count_waiters) {
  std::string out;
  if (python_uses_limits(plan)) {
    out += "HOLDERS = {name: [] for name in LIMITS}  # who holds each limit, for the trace\n";
  }
  if (count_waiters && (plan.uses("set") || plan.uses("wait"))) {
    out +=
        "WAITING = {name: 0 for name in EVENTS}  # how many wait for each event, for the trace\n";
  }
  if (plan.uses("spawn") || plan.uses("await")) {
    out += R"(

def names_of(name):
    """The task of that name, or each copy of NAME*COUNT, in order."""
    copies = TASKS[name][1]
    return [name] if copies == 0 else [f"{name}{i}" for i in range(1, copies + 1)]
)";
  }
  return out.empty() ? out : "\n" + out;
}

std::string python_limit_methods(const ProgramPlan& plan) {
  if (!python_uses_limits(plan)) return "";
  return R"(
    def give_back(self, name, at=None):
        """Releases one slot of the limit and says so; `at` is "end" when the task's end does."""
        LIMITS[name].release()
        if name in self.held:  # the last one it took of that limit
            del self.held[len(self.held) - 1 - self.held[::-1].index(name)]
        if self.name in HOLDERS[name]:
            HOLDERS[name].remove(self.name)
        fields = {"at": at} if at else {}
        trace("release", task=self.name, on=name, holders=len(HOLDERS[name]), **fields)

    def release_held(self):
        """The slots a task still holds as it ends go back, the last taken first."""
        for name in reversed(self.held.copy()):
            try:
                self.give_back(name, at="end")
            except ValueError:
                pass  # another task's release gave the slot back already
        self.held = []
)";
}

std::string python_acquire_method(const ProgramPlan&) {
  return R"(    async def acquire(self, name):
        """await limit.acquire(): takes one of the limit's slots, first come, first served."""
        self.at = f"acquire:{name}"
        trace("acquire", task=self.name, on=name)
        began = time.monotonic()
        await LIMITS[name].acquire()
        self.held.append(name)
        HOLDERS[name].append(self.name)
        waited = round(time.monotonic() - began, 6)
        trace("acquired", task=self.name, on=name, waited=waited, holders=len(HOLDERS[name]))
)";
}

std::string python_put_call(const PlannedStep& step, bool awaited) {
  const std::size_t equals = step.argument.find('=');
  return python_call("put",
                     string_literal(step.argument.substr(0, equals)) + ", " +
                         string_literal(step.argument.substr(equals + 1)),
                     awaited);
}

}  // namespace asyncdemo::codegen
