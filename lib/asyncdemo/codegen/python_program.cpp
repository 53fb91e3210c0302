#include "asyncdemo/codegen/python_program.hpp"

#include <array>

#include "asyncdemo/codegen/plain_python_program.hpp"
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

std::string sleep_method(const ProgramPlan&) {
  return R"(    async def sleep(self, seconds):
        self.at = f"sleep:{seconds}"
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        await asyncio.sleep(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))
)";
}

std::string block_method(const ProgramPlan&) {
  return R"(    def block(self, seconds):
        """time.sleep inside a coroutine holds the thread: the whole event loop stands still."""
        self.at = f"block:{seconds}"
        trace("block", task=self.name, seconds=seconds)
        began = time.monotonic()
        time.sleep(seconds)
        trace("unblock", task=self.name, held=round(time.monotonic() - began, 6))
)";
}

std::string work_method(const ProgramPlan&) {
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

std::string fetch_method(const ProgramPlan&) {
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

std::string await_method(const ProgramPlan& plan) {
  std::string text = R"(    async def await_task(self, name):
        """`await` the task (each copy, for NAME*COUNT): its failure fails this one too."""
        self.at = f"await:{name}"
        trace("await", task=self.name, target=name)
        began = time.monotonic()
        for target in names_of(name):
@UNSPAWNED@            try:
                await Traced.created[target]
            except Exception as error:
                raise RuntimeError(f"{target} failed: {error}") from error
        trace("awaited", task=self.name, target=name, waited=round(time.monotonic() - began, 6))
)";
  return filled(text, {{"@UNSPAWNED@", python_awaits_spawned(plan)
                                           ? "            if target not in Traced.created:  # not "
                                             "spawned yet: wait until it is\n"
                                             "                await "
                                             "Traced.spawned(target).wait()\n"
                                           : ""}});
}

std::string spawn_method(const ProgramPlan& plan) {
  return filled(R"(    def spawn(self, name):
        """asyncio.create_task in the run's TaskGroup: the task starts in the loop's next turn."""
        self.at = f"spawn:{name}"
        steps, _ = TASKS[name]
        for child in names_of(name):
            trace("spawn", task=self.name, child=child)
            Traced(child).start(steps)
@SPAWNED@)",
                {{"@SPAWNED@",
                  python_awaits_spawned(plan) ? "            Traced.spawned(child).set()\n" : ""}});
}

std::string release_method(const ProgramPlan&) {
  return R"(    def release(self, name):
        """limit.release(): one release too many and BoundedSemaphore raises ValueError."""
        self.at = f"release:{name}"
        self.give_back(name)
)";
}

std::string put_method(const ProgramPlan&) {
  return R"(    async def put(self, name, item):
        """await queue.put(item): waits while the queue is full."""
        self.at = f"put:{name}={item}"
        trace("put", task=self.name, on=name, item=item)
        began = time.monotonic()
        await QUEUES[name].put((item, self.name))
        waited = round(time.monotonic() - began, 6)
        trace("queued", task=self.name, on=name, item=item, waited=waited,
              size=QUEUES[name].qsize())
)";
}

std::string get_method(const ProgramPlan&) {
  return R"(    async def get(self, name):
        """await queue.get(): waits while the queue is empty, then takes the first item."""
        self.at = f"get:{name}"
        trace("get", task=self.name, on=name)
        began = time.monotonic()
        item, source = await QUEUES[name].get()
        waited = round(time.monotonic() - began, 6)
        trace("got", task=self.name, on=name, item=item, waited=waited, size=QUEUES[name].qsize(),
              **{"from": source})
)";
}

std::string set_method(const ProgramPlan&) {
  return R"(    def set(self, name):
        """event.set(): wakes every task that waits for the event."""
        woken = 0 if EVENTS[name].is_set() else WAITING[name]
        EVENTS[name].set()
        trace("set", task=self.name, on=name, woken=woken)
)";
}

std::string wait_method(const ProgramPlan&) {
  return R"(    async def wait(self, name):
        """await event.wait(): until the event is set (at once, if it is)."""
        self.at = f"wait:{name}"
        trace("wait", task=self.name, on=name)
        began = time.monotonic()
        WAITING[name] += 1
        try:
            await EVENTS[name].wait()
        finally:
            WAITING[name] -= 1
        trace("woken", task=self.name, on=name, waited=round(time.monotonic() - began, 6))
)";
}

// Each kind of step in the asyncio program: a new kind is one entry here.
const std::array kAsyncioSteps{
    PythonStep{"print",
               [](const PlannedStep& s) { return python_call("print", text_of(s), false); },
               &python_print_method},
    PythonStep{"sleep",
               [](const PlannedStep& s) { return python_call("sleep", seconds_of(s), true); },
               &sleep_method},
    PythonStep{"block",
               [](const PlannedStep& s) { return python_call("block", seconds_of(s), false); },
               &block_method},
    PythonStep{"work",
               [](const PlannedStep& s) { return python_call("work", seconds_of(s), true); },
               &work_method},
    PythonStep{"fail", [](const PlannedStep& s) { return python_call("fail", text_of(s), false); },
               &python_fail_method},
    PythonStep{"fetch", [](const PlannedStep& s) { return python_call("fetch", text_of(s), true); },
               &fetch_method},
    PythonStep{"await",
               [](const PlannedStep& s) { return python_call("await_task", text_of(s), true); },
               &await_method},
    PythonStep{"spawn",
               [](const PlannedStep& s) { return python_call("spawn", text_of(s), false); },
               &spawn_method},
    PythonStep{"acquire",
               [](const PlannedStep& s) { return python_call("acquire", text_of(s), true); },
               &python_acquire_method},
    PythonStep{"release",
               [](const PlannedStep& s) { return python_call("release", text_of(s), false); },
               &release_method},
    PythonStep{"put", [](const PlannedStep& s) { return python_put_call(s, true); }, &put_method},
    PythonStep{"get", [](const PlannedStep& s) { return python_call("get", text_of(s), true); },
               &get_method},
    PythonStep{"set", [](const PlannedStep& s) { return python_call("set", text_of(s), false); },
               &set_method},
    PythonStep{"wait", [](const PlannedStep& s) { return python_call("wait", text_of(s), true); },
               &wait_method},
};

bool in_task_group(const ProgramPlan& plan) {
  return plan.form == GroupForm::task_group || plan.form == GroupForm::task_group_continue;
}

// A failure cancels the others: a TaskGroup of --on-error cancel does, and under a plain gather
// the failure reaches main, and asyncio.run cancels the tasks still pending.
bool failure_cancels(const ProgramPlan& plan) {
  return plan.can_fail() && (plan.form == GroupForm::task_group || plan.form == GroupForm::gather);
}

// Tasks asyncio never starts: under gather, a timeout of 0 cancels them before their first step.
bool cancelled_before_start(const ProgramPlan& plan) {
  return !in_task_group(plan) && plan.timeout && *plan.timeout <= Duration::zero();
}

// The tasks go through Traced.start, which keeps each asyncio task for spawn: and await:.
bool started_by_name(const ProgramPlan& plan) {
  return plan.uses("await") || plan.uses("spawn");
}

std::string about(const ProgramPlan& plan) {
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
    case GroupForm::task_group_continue:
      about +=
          "an asyncio.TaskGroup runs them on one event loop, the tasks they spawn among them; "
          "each task keeps its own failure, so that the others run on.";
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
  if (plan.uses("fetch")) {
    about += " The fetch steps are HTTP GETs with aiohttp (Debian's python3-aiohttp).";
  }
  if (plan.coordinates()) {
    about +=
        " The tasks coordinate through asyncio's own: a BoundedSemaphore for each --limit, a "
        "Queue for each --queue, an Event for each --event; spawn is create_task and await "
        "awaits the task.";
  }
  return about +
         "\nIt prints its own trace as JSON lines, as `asyncdemo --async --format jsonl` does, so "
         "that `asyncdemo check` can run both and compare them.";
}

std::string imports(const ProgramPlan& plan) {
  std::string out = "import asyncio\nimport json\nimport sys\nimport time\n";
  if (plan.uses("work")) out += "from concurrent.futures import ThreadPoolExecutor\n";
  if (plan.uses("fetch")) out += "\nimport aiohttp\n";
  return out;
}

// The settings the program runs with, at its top.
std::string settings(const ProgramPlan& plan) {
  std::string out;
  if (plan.timeout) {
    out += "TIMEOUT = " + seconds_literal(*plan.timeout) + "  # seconds (--timeout)\n";
  }
  if (plan.uses("work")) {
    out += "POOL = ThreadPoolExecutor(max_workers=" + std::to_string(plan.threads) +
           ")  # the threads that run the work steps\n";
  }
  out += python_declarations(
      plan,
      [](std::size_t size) { return "asyncio.BoundedSemaphore(" + std::to_string(size) + ")"; },
      [](std::size_t maxsize) { return "asyncio.Queue(maxsize=" + std::to_string(maxsize) + ")"; },
      "asyncio.Event()");
  return out.empty() ? out : "\n" + out;
}

std::string main_function(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  std::string body;
  if (in_task_group(plan)) {
    body = failure_cancels(plan)
               ? "# The first failure cancels the other tasks, and the group raises it.\n"
               : "";
    body += "async with asyncio.TaskGroup() as group:\n";
    if (started_by_name(plan)) {
      body += "    Traced.group = group  # where Traced.start creates the tasks\n" +
              indented(python_task_loop(plan, functions,
                                        [](const std::string& name, const std::string& function) {
                                          return "Traced(" + name + ").start(" + function + ")";
                                        }),
                       4);
    } else {
      body += indented(python_task_loop(plan, functions,
                                        [](const std::string& name, const std::string& function) {
                                          return "group.create_task(Traced(" + name + ").run(" +
                                                 function + "))";
                                        }),
                       4);
    }
  } else {
    if (plan.form == GroupForm::gather_return_exceptions) {
      body =
          "# A failure stays in its task: gather returns it among the results, and the others "
          "run on.\n";
    }
    body += "await asyncio.gather(\n";
    const std::string method = started_by_name(plan) ? ").start(" : ").run(";
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const PlannedTask& task = plan.tasks[i];
      if (task.spawned) continue;  // a spawn step starts it
      const std::string start = "Traced(" + python_task_name(task) + method + functions[i] + ")";
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

std::string traced_class(const ProgramPlan& plan) {
  const bool by_timeout = plan.timeout.has_value();
  const bool by_failure = failure_cancels(plan);
  const bool limits = python_uses_limits(plan);
  std::string out = R"(

class Traced:
    """One task: runs the task's steps, each of which traces what it does."""
)";
  std::string attributes;
  if (started_by_name(plan) && in_task_group(plan)) {
    attributes += "    group = None  # the run's TaskGroup\n";
  }
  if (started_by_name(plan))
    attributes += "    created = {}  # name: its asyncio task, once created\n";
  if (python_awaits_spawned(plan)) {
    attributes += "    spawns = {}  # name: an Event set once a spawn step created the task\n";
  }
  if (cancelled_before_start(plan)) {
    attributes += "    unstarted = {}  # name: task, until asyncio runs the task's first step\n";
  }
  if (!attributes.empty()) out += "\n" + attributes;
  out += R"(
    def __init__(self, name):
        self.name = name
        self.at = ""  # the step under way: where a cancellation or a failure finds the task
)";
  if (limits) out += "        self.held = []  # the limits it holds, in the order it took them\n";
  if (cancelled_before_start(plan)) out += "        Traced.unstarted[name] = self\n";
  if (python_awaits_spawned(plan)) {
    out += R"(
    @staticmethod
    def spawned(name):
        return Traced.spawns.setdefault(name, asyncio.Event())
)";
  }
  if (started_by_name(plan)) {
    out += filled(
        R"(
    def start(self, steps):
        """Creates the task and keeps it by name, for spawn and await."""
        Traced.created[self.name] = @CREATE@(self.run(steps))
        return Traced.created[self.name]
)",
        {{"@CREATE@", in_task_group(plan) ? "Traced.group.create_task" : "asyncio.create_task"}});
  }
  out += "\n    async def run(self, steps):\n";
  if (cancelled_before_start(plan)) out += "        del Traced.unstarted[self.name]\n";
  out += "        trace(\"start\", task=self.name)\n";
  const std::string give_back = limits ? "self.release_held()\n" : "";
  std::string body;
  if (plan.declarations.every_task) {
    body += "await self.acquire(\"limit\")  # --limit " +
            std::to_string(*plan.declarations.every_task) + ": at most so many tasks at a time\n";
  }
  body += "await steps(self)\n";
  if (!by_timeout && !plan.can_fail()) {
    out += indented(body, 8);
  } else {
    out += "        try:\n" + indented(body, 12);
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
      out += indented(give_back, 12) +
             "            trace(\"cancel\", task=self.name, at=self.at, reason=" + reason +
             ")\n            Run.cancelled += 1\n            raise\n";
    }
    if (plan.can_fail()) {
      out += "        except Exception as error:\n" + indented(give_back, 12) +
             R"(            trace("fail", task=self.name, at=self.at, message=str(error))
            Run.failed += 1
)";
      out += plan.form == GroupForm::task_group_continue
                 ? "            return  # kept in its task: the group runs the others on\n"
                 : "            raise\n";
    }
  }
  out += indented(give_back, 8) +
         "        trace(\"end\", task=self.name)\n        Run.finished += 1\n";
  return python_step_text(plan, out + python_limit_methods(plan));
}

std::string run_function(const ProgramPlan& plan) {
  const bool timeout = plan.timeout.has_value();
  const bool group = failure_cancels(plan);
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
    if (group && plan.form == GroupForm::task_group) {
      out +=
          "    except ExceptionGroup:\n"
          "        status = 1  # a task failed, and the TaskGroup cancelled the others\n";
    } else if (group) {
      out +=
          "    except Exception:\n"
          "        status = 1  # a task failed (its fail line says why); asyncio.run cancelled the "
          "others\n";
    }
  }
  if (plan.uses("spawn")) {
    out +=
        std::string(
            timeout || group
                ? R"(    stopped = {124: {"reason": "timeout"}, 1: {"reason": "failure"}}.get(status, {})
)"
                : "    stopped = {}\n") +
        R"(    for name in SPAWNED:
        for child in names_of(name):
            if child not in Traced.created:  # what should have spawned it stopped first
                trace("cancel", task=child, **stopped)
                Run.cancelled += 1
)";
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

Result<std::string> asyncio_program(const ProgramPlan& plan) {
  const std::vector<std::string> functions = python_identifiers(plan);
  Result<std::string> tasks = python_task_functions(plan, functions, kAsyncioSteps, true, "python");
  if (!tasks) return tasks.error();
  return "#!/usr/bin/env python3\n" + opening_comment("#", plan, about(plan)) + imports(plan) +
         settings(plan) + *tasks + python_task_table(plan, functions) +
         main_function(plan, functions) + std::string(kPythonTraceHeading) +
         python_trace_basics(plan, false) + python_coordination_state(plan, true) +
         traced_class(plan) + python_step_methods(plan, kAsyncioSteps) + run_function(plan) +
         std::string(kPythonMainGuard);
}

}  // namespace

Result<std::string> write_python_program(const ProgramPlan& plan) {
  return plan.mode == Mode::sync ? write_plain_python_program(plan) : asyncio_program(plan);
}

std::vector<Requirement> python_requirements(const ProgramPlan& plan) {
  if (plan.mode == Mode::async && plan.uses("fetch")) return {{"aiohttp", "python3-aiohttp"}};
  return {};
}

}  // namespace asyncdemo::codegen
