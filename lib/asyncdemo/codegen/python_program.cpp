#include "asyncdemo/codegen/python_program.hpp"

#include <array>

#include "asyncdemo/codegen/program_text.hpp"
#include "asyncdemo/codegen/python_common.hpp"

namespace asyncdemo::codegen {
namespace {

std::string seconds_of(const PlannedStep& step) {
  return seconds_literal(step.duration);
}

std::string text_of(const PlannedStep& step) {
  return string_literal(step.argument);
}

// What both programs' steps print and do alike.
std::string print_method(const ProgramPlan&) {
  return R"(    def print(self, text):
        trace("print", task=self.name, text=text)
)";
}

std::string fail_method(const ProgramPlan&) {
  return R"(    def fail(self, message):
        self.at = f"fail:{message}"
        raise RuntimeError(message)
)";
}

std::string asyncio_sleep(const ProgramPlan&) {
  return R"(    async def sleep(self, seconds):
        self.at = f"sleep:{seconds}"
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        await asyncio.sleep(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))
)";
}

std::string asyncio_block(const ProgramPlan&) {
  return R"(    def block(self, seconds):
        """time.sleep inside a coroutine holds the thread: the whole event loop stands still."""
        self.at = f"block:{seconds}"
        trace("block", task=self.name, seconds=seconds)
        began = time.monotonic()
        time.sleep(seconds)
        trace("unblock", task=self.name, held=round(time.monotonic() - began, 6))
)";
}

std::string asyncio_work(const ProgramPlan&) {
  return R"(    async def work(self, seconds):
        """The same wait on a thread of the pool: the loop runs the other tasks meanwhile."""
        self.at = f"work:{seconds}"
        trace("work_queue", task=self.name, seconds=seconds)
        loop = asyncio.get_running_loop()
        queued = time.monotonic()

        def job():
            waited = round(time.monotonic() - queued, 6)
            # The thread tells the loop that it started, as a callback the loop runs in turn.
            loop.call_soon_threadsafe(lambda: trace("work_start", task=self.name, waited=waited))
            time.sleep(seconds)
            return time.monotonic()

        done = await loop.run_in_executor(POOL, job)
        trace("work_end", task=self.name, late=round(time.monotonic() - done, 6))
)";
}

std::string asyncio_fetch(const ProgramPlan&) {
  return R"(    async def fetch(self, url):
        self.at = f"fetch:{url}"
        began = time.monotonic()
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            body = await response.read()
        seconds = round(time.monotonic() - began, 6)
        trace("fetch_done", task=self.name, url=url, status=response.status, bytes=len(body),
              seconds=seconds)
)";
}

// Each kind of step in the asyncio program: a new kind is one entry here.
const std::array kAsyncioSteps{
    PythonStep{"print",
               [](const PlannedStep& s) { return python_call("print", text_of(s), false); },
               &print_method},
    PythonStep{"sleep",
               [](const PlannedStep& s) { return python_call("sleep", seconds_of(s), true); },
               &asyncio_sleep},
    PythonStep{"block",
               [](const PlannedStep& s) { return python_call("block", seconds_of(s), false); },
               &asyncio_block},
    PythonStep{"work",
               [](const PlannedStep& s) { return python_call("work", seconds_of(s), true); },
               &asyncio_work},
    PythonStep{"fail", [](const PlannedStep& s) { return python_call("fail", text_of(s), false); },
               &fail_method},
    PythonStep{"fetch", [](const PlannedStep& s) { return python_call("fetch", text_of(s), true); },
               &asyncio_fetch},
};

// In the plain program every wait is time.sleep, cut short at the timeout when there is one.
std::string plain_wait(const ProgramPlan& plan, std::string_view text) {
  return filled(text, {{"@WAIT@", plan.timeout ? "wait" : "time.sleep"}});
}

std::string plain_sleep(const ProgramPlan& plan) {
  return plain_wait(plan, R"(    def sleep(self, seconds):
        self.at = f"sleep:{seconds}"
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        @WAIT@(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))
)");
}

std::string plain_block(const ProgramPlan& plan) {
  return plain_wait(plan, R"(    def block(self, seconds):
        self.at = f"block:{seconds}"
        trace("block", task=self.name, seconds=seconds)
        began = time.monotonic()
        @WAIT@(seconds)
        trace("unblock", task=self.name, held=round(time.monotonic() - began, 6))
)");
}

std::string plain_work(const ProgramPlan& plan) {
  return plain_wait(plan, R"(    def work(self, seconds):
        """One after another there is no pool to hand the job to: it runs right here."""
        self.at = f"work:{seconds}"
        trace("work_queue", task=self.name, seconds=seconds)
        trace("work_start", task=self.name, waited=0)
        @WAIT@(seconds)
        trace("work_end", task=self.name, late=0)
)");
}

std::string plain_fetch(const ProgramPlan&) {
  return R"(    def fetch(self, url):
        self.at = f"fetch:{url}"
        began = time.monotonic()
        try:
            with urllib.request.urlopen(url) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:  # 404, 500: a status, not a failure
            status, body = error.code, error.read()
        seconds = round(time.monotonic() - began, 6)
        trace("fetch_done", task=self.name, url=url, status=status, bytes=len(body),
              seconds=seconds)
)";
}

// Each kind of step in the plain sequential program: a new kind is one entry here.
const std::array kPlainSteps{
    PythonStep{"print",
               [](const PlannedStep& s) { return python_call("print", text_of(s), false); },
               &print_method},
    PythonStep{"sleep",
               [](const PlannedStep& s) { return python_call("sleep", seconds_of(s), false); },
               &plain_sleep},
    PythonStep{"block",
               [](const PlannedStep& s) { return python_call("block", seconds_of(s), false); },
               &plain_block},
    PythonStep{"work",
               [](const PlannedStep& s) { return python_call("work", seconds_of(s), false); },
               &plain_work},
    PythonStep{"fail", [](const PlannedStep& s) { return python_call("fail", text_of(s), false); },
               &fail_method},
    PythonStep{"fetch",
               [](const PlannedStep& s) { return python_call("fetch", text_of(s), false); },
               &plain_fetch},
};

bool cancelled_before_start(const ProgramPlan& plan) {
  return plan.form != GroupForm::task_group && plan.timeout && *plan.timeout <= Duration::zero();
}

std::string asyncio_about(const ProgramPlan& plan) {
  std::string about =
      "asyncdemo's async run as a Python 3.11 asyncio program: each task is a coroutine, and ";
  switch (plan.form) {
    case GroupForm::gather:
      about += "asyncio.gather runs them all on one event loop.";
      break;
    case GroupForm::task_group:
      about +=
          "an asyncio.TaskGroup runs them on one event loop and cancels the others when one fails.";
      break;
    case GroupForm::gather_return_exceptions:
      about +=
          "asyncio.gather(..., return_exceptions=True) runs them on one event loop: a failure "
          "stays in its task and the others run on.";
      break;
  }
  if (plan.timeout) {
    about += " asyncio.timeout cancels every task still running after " +
             format_duration(*plan.timeout) + ".";
  }
  if (plan.uses("work")) {
    about += " The work steps run on a ThreadPoolExecutor of " + std::to_string(plan.threads) +
             (plan.threads == 1 ? " thread" : " threads") + ", awaited with run_in_executor.";
  }
  if (plan.uses("fetch"))
    about += " The fetch steps are HTTP GETs with aiohttp (Debian's python3-aiohttp).";
  return about +
         "\nIt prints its own trace as JSON lines, as `asyncdemo --async --format jsonl` does, so "
         "that `asyncdemo check` can run both and compare them.";
}

std::string plain_about(const ProgramPlan& plan) {
  std::string about =
      "asyncdemo's sync run as a plain Python program: the tasks are ordinary functions, called "
      "one after another, and every wait blocks the thread (time.sleep), so the run takes the sum "
      "of the waits.";
  if (plan.timeout) {
    about += " After " + format_duration(*plan.timeout) +
             " (--timeout) the wait under way is cut short and the tasks left never start.";
  }
  if (plan.can_fail() && plan.on_error == OnError::cancel) {
    about += " A failure stops the run: the tasks after it never start.";
  }
  if (plan.uses("fetch")) about += " The fetch steps are blocking HTTP GETs with urllib.";
  return about +
         "\nIt prints its own trace as JSON lines, as `asyncdemo --sync --format jsonl` does, so "
         "that `asyncdemo check` can run both and compare them.";
}

std::string imports(const ProgramPlan& plan, bool async) {
  std::string out = async ? "import asyncio\nimport json\nimport sys\nimport time\n"
                          : "import json\nimport sys\nimport time\n";
  if (!async && plan.uses("fetch")) out += "import urllib.error\nimport urllib.request\n";
  if (async && plan.uses("work")) out += "from concurrent.futures import ThreadPoolExecutor\n";
  if (async && plan.uses("fetch")) out += "\nimport aiohttp\n";
  return out;
}

// The settings the program runs with, at its top.
std::string settings(const ProgramPlan& plan, bool async) {
  std::string out;
  if (plan.timeout)
    out += "TIMEOUT = " + seconds_literal(*plan.timeout) + "  # seconds (--timeout)\n";
  if (async && plan.uses("work")) {
    out += "POOL = ThreadPoolExecutor(max_workers=" + std::to_string(plan.threads) +
           ")  # the threads that run the work steps\n";
  }
  return out.empty() ? out : "\n" + out;
}

std::string asyncio_main(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  std::string body;
  if (plan.form == GroupForm::task_group) {
    body =
        "# The first failure cancels the other tasks, and the group raises it.\n"
        "async with asyncio.TaskGroup() as group:\n" +
        indented(python_task_loop(plan, functions,
                                  [](const std::string& name, const std::string& function) {
                                    return "group.create_task(Traced(" + name + ").run(" +
                                           function + "))";
                                  }),
                 4);
  } else {
    if (plan.form == GroupForm::gather_return_exceptions) {
      body =
          "# A failure stays in its task: gather returns it among the results, and the others "
          "run on.\n";
    }
    body += "await asyncio.gather(\n";
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const PlannedTask& task = plan.tasks[i];
      const std::string start = "Traced(" + python_task_name(task) + ").run(" + functions[i] + ")";
      body += task.copies == 0 ? "    " + start + ",\n"
                               : "    *(" + start + " for i in range(1, " +
                                     std::to_string(task.copies + 1) + ")),\n";
    }
    if (plan.form == GroupForm::gather_return_exceptions) body += "    return_exceptions=True,\n";
    body += ")\n";
  }
  if (plan.timeout) body = "async with asyncio.timeout(TIMEOUT):\n" + indented(body, 4);
  return "\n\nasync def main():\n" + indented(body, 4);
}

std::string asyncio_traced(const ProgramPlan& plan) {
  const bool by_timeout = plan.timeout.has_value();
  const bool by_failure = plan.form == GroupForm::task_group;
  std::string out = R"(

class Traced:
    """One task: runs the task's steps, each of which traces what it does."""
)";
  if (cancelled_before_start(plan)) {
    out += "\n    unstarted = {}  # name: task, until asyncio runs the task's first step\n";
  }
  out += R"(
    def __init__(self, name):
        self.name = name
        self.at = ""  # the step under way: where a cancellation or a failure finds the task
)";
  if (cancelled_before_start(plan)) out += "        Traced.unstarted[name] = self\n";
  out += "\n    async def run(self, steps):\n";
  if (cancelled_before_start(plan)) out += "        del Traced.unstarted[self.name]\n";
  out += "        trace(\"start\", task=self.name)\n";
  if (!by_timeout && !plan.can_fail()) {
    out += "        await steps(self)\n";
  } else {
    out += "        try:\n            await steps(self)\n";
    if (by_timeout || by_failure) {
      out += "        except asyncio.CancelledError:\n";
      std::string reason = by_timeout ? "\"timeout\"" : "\"failure\"";
      if (by_timeout && by_failure) {
        out +=
            "            # The timeout cancels once it has passed; before that only a failure "
            "does.\n"
            "            reason = \"timeout\" if now() >= TIMEOUT else \"failure\"\n";
        reason = "reason";
      }
      out += "            trace(\"cancel\", task=self.name, at=self.at, reason=" + reason +
             ")\n"
             "            Run.cancelled += 1\n"
             "            raise\n";
    }
    if (plan.can_fail()) {
      out += R"(        except Exception as error:
            trace("fail", task=self.name, at=self.at, message=str(error))
            Run.failed += 1
            raise
)";
    }
  }
  out += "        trace(\"end\", task=self.name)\n        Run.finished += 1\n";
  return python_step_text(plan, out);
}

std::string asyncio_run(const ProgramPlan& plan) {
  const bool timeout = plan.timeout.has_value();
  const bool group = plan.form == GroupForm::task_group;
  std::string out = R"(

def run():
    """asyncio.run(main()) between the trace's first and last lines; returns the exit status."""
    facts = @FACTS@
    trace("run_start", **facts)
)";
  if (!timeout && !group) {
    out += "    asyncio.run(main())\n";
  } else {
    out += "    status = 0\n    try:\n        asyncio.run(main())\n";
    if (timeout) {
      out +=
          "    except TimeoutError:\n"
          "        status = 124  # the timeout cancelled the tasks left: exit as timeout(1) does\n";
      if (cancelled_before_start(plan)) {
        out += R"(        for name in Traced.unstarted:
            # Cancelled before its first step: asyncio threw CancelledError into a coroutine
            # that had not started, so none of its code could say so.
            trace("cancel", task=name, reason="timeout")
            Run.cancelled += 1
)";
      }
    }
    if (group) {
      out +=
          "    except ExceptionGroup:\n"
          "        status = 1  # a task failed, and the TaskGroup cancelled the others\n";
    }
  }
  out +=
      R"(    counts = {"finished": Run.finished, "cancelled": Run.cancelled, "failed": Run.failed}
    trace("run_end", elapsed=round(now(), 6), **facts, **counts)
)";
  if (!timeout && !group) {
    out += plan.can_fail() ? "    return 1 if Run.failed else 0\n" : "    return 0\n";
  } else {
    out +=
        plan.can_fail() ? "    return status or (1 if Run.failed else 0)\n" : "    return status\n";
  }
  return filled(out, {{"@FACTS@", python_facts(plan)}});
}

constexpr std::string_view kTraceHeading = R"(

# The trace. Each step above is a method of Traced below that does what its name says and prints
# what happened as a line of asyncdemo's JSON-lines trace.

)";

constexpr std::string_view kMainGuard = R"(

if __name__ == "__main__":
    sys.exit(run())
)";

Result<std::string> asyncio_program(const ProgramPlan& plan) {
  const std::vector<std::string> functions = python_identifiers(plan);
  Result<std::string> tasks = python_task_functions(plan, functions, kAsyncioSteps, true, "python");
  if (!tasks) return tasks.error();
  return "#!/usr/bin/env python3\n" + opening_comment("#", plan, asyncio_about(plan)) +
         imports(plan, true) + settings(plan, true) + *tasks + asyncio_main(plan, functions) +
         std::string(kTraceHeading) + python_trace_basics(plan, false) + asyncio_traced(plan) +
         python_step_methods(plan, kAsyncioSteps) + asyncio_run(plan) + std::string(kMainGuard);
}

std::string plain_main(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  return "\n\ndef main():\n    # One after another: each task runs to its end before the next one "
         "starts.\n" +
         indented(python_task_loop(plan, functions,
                                   [](const std::string& name, const std::string& function) {
                                     return "Traced(" + name + ").run(" + function + ")";
                                   }),
                  4);
}

// How a stop shows in the plain program: a timeout (the wait cut short raises TimeoutError), or
// a failure under --on-error cancel. Then the tasks left never start.
bool plain_stops(const ProgramPlan& plan) {
  return plan.timeout || (plan.can_fail() && plan.on_error == OnError::cancel);
}

std::string plain_traced(const ProgramPlan& plan) {
  std::string out = R"(

class Traced:
    """One task: runs the task's steps, each of which traces what it does."""

    def __init__(self, name):
        self.name = name
        self.at = ""  # the step under way: where a timeout or a failure finds the task

    def run(self, steps):
)";
  if (plain_stops(plan)) {
    out += R"(        if Run.stopped_by:  # a timeout or a failure stopped the run before this task
            trace("cancel", task=self.name, reason=Run.stopped_by)
            Run.cancelled += 1
            return
)";
  }
  out += "        trace(\"start\", task=self.name)\n";
  if (!plan.timeout && !plan.can_fail()) {
    out += "        steps(self)\n";
  } else {
    out += "        try:\n            steps(self)\n";
    if (plan.timeout) {
      out += R"(        except TimeoutError:
            trace("cancel", task=self.name, at=self.at, reason="timeout")
            Run.cancelled += 1
            Run.stopped_by = "timeout"
            return
)";
    }
    if (plan.can_fail()) {
      out += R"(        except Exception as error:
            trace("fail", task=self.name, at=self.at, message=str(error))
            Run.failed += 1
)";
      if (plan.on_error == OnError::cancel) out += "            Run.stopped_by = \"failure\"\n";
      out += "            return\n";
    }
  }
  out += "        trace(\"end\", task=self.name)\n        Run.finished += 1\n";
  return python_step_text(plan, out);
}

constexpr std::string_view kPlainWait = R"(

def wait(seconds):
    """time.sleep, cut short at the timeout: the run stops there."""
    left = TIMEOUT - now()
    if seconds > 0 and seconds >= left:
        time.sleep(max(0, left))
        raise TimeoutError
    time.sleep(seconds)
)";

std::string plain_run(const ProgramPlan& plan) {
  std::string out = R"(

def run():
    """main() between the trace's first and last lines; returns the exit status."""
    facts = @FACTS@
    trace("run_start", **facts)
    main()
    counts = {"finished": Run.finished, "cancelled": Run.cancelled, "failed": Run.failed}
    trace("run_end", elapsed=round(now(), 6), **facts, **counts)
)";
  if (plan.timeout) {
    out += plan.can_fail()
               ? "    return 124 if Run.stopped_by == \"timeout\" else 1 if Run.failed else 0\n"
               : "    return 124 if Run.stopped_by == \"timeout\" else 0\n";
  } else {
    out += plan.can_fail() ? "    return 1 if Run.failed else 0\n" : "    return 0\n";
  }
  return filled(out, {{"@FACTS@", python_facts(plan)}});
}

Result<std::string> plain_program(const ProgramPlan& plan) {
  const std::vector<std::string> functions = python_identifiers(plan);
  Result<std::string> tasks = python_task_functions(plan, functions, kPlainSteps, false, "python");
  if (!tasks) return tasks.error();
  const std::string basics = python_trace_basics(plan, plain_stops(plan));
  return "#!/usr/bin/env python3\n" + opening_comment("#", plan, plain_about(plan)) +
         imports(plan, false) + settings(plan, false) + *tasks + plain_main(plan, functions) +
         std::string(kTraceHeading) + basics + (plan.timeout ? std::string(kPlainWait) : "") +
         plain_traced(plan) + python_step_methods(plan, kPlainSteps) + plain_run(plan) +
         std::string(kMainGuard);
}

}  // namespace

Result<std::string> write_python_program(const ProgramPlan& plan) {
  return plan.mode == Mode::sync ? plain_program(plan) : asyncio_program(plan);
}

std::vector<Requirement> python_requirements(const ProgramPlan& plan) {
  if (plan.mode == Mode::async && plan.uses("fetch")) return {{"aiohttp", "python3-aiohttp"}};
  return {};
}

}  // namespace asyncdemo::codegen
