#include "asyncdemo/codegen/python_common.hpp"

#include "asyncdemo/codegen/language.hpp"
#include "asyncdemo/codegen/program_text.hpp"

namespace asyncdemo::codegen {

std::string python_call(std::string_view method, const std::string& argument, bool awaited) {
  return std::string(awaited ? "await " : "") + "task." + std::string(method) + "(" + argument +
         ")";
}

bool tracks_steps(const ProgramPlan& plan) {
  return plan.timeout || plan.can_fail();
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
    for (const PlannedStep& step : plan.tasks[i].steps) {
      const PythonStep* code = nullptr;
      for (const PythonStep& candidate : steps) {
        if (candidate.kind == step.kind) code = &candidate;
      }
      if (code == nullptr) return no_form_for(language, step);
      out += "    " + code->call(step) + "\n";
    }
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

}  // namespace asyncdemo::codegen
