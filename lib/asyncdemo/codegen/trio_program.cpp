#include "asyncdemo/codegen/trio_program.hpp"

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

std::string print_method(const ProgramPlan&) {
  return R"(    def print(self, text):
        trace("print", task=self.name, text=text)
)";
}

std::string sleep_method(const ProgramPlan&) {
  return R"(    async def sleep(self, seconds):
        self.at = f"sleep:{seconds}"
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        await trio.sleep(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))
)";
}

std::string block_method(const ProgramPlan&) {
  return R"(    def block(self, seconds):
        """time.sleep in an async function holds the thread: every task stands still."""
        self.at = f"block:{seconds}"
        trace("block", task=self.name, seconds=seconds)
        began = time.monotonic()
        time.sleep(seconds)
        trace("unblock", task=self.name, held=round(time.monotonic() - began, 6))
)";
}

std::string work_method(const ProgramPlan&) {
  return R"(    async def work(self, seconds):
        """The same wait on a thread: Trio runs the other tasks meanwhile."""
        self.at = f"work:{seconds}"
        trace("work_queue", task=self.name, seconds=seconds)
        queued = time.monotonic()

        def job():
            waited = round(time.monotonic() - queued, 6)
            # The thread tells Trio that it started; Trio runs the call between its tasks.
            trio.from_thread.run_sync(lambda: trace("work_start", task=self.name, waited=waited))
            time.sleep(seconds)
            return time.monotonic()

        # cancellable: a cancelled task leaves its job to end on the thread, as asyncio does.
        done = await trio.to_thread.run_sync(job, limiter=POOL, cancellable=True)
        trace("work_end", task=self.name, late=round(time.monotonic() - done, 6))
)";
}

std::string fail_method(const ProgramPlan&) {
  return R"(    def fail(self, message):
        self.at = f"fail:{message}"
        raise RuntimeError(message)
)";
}

std::string fetch_method(const ProgramPlan&) {
  return R"py(    async def fetch(self, url):
        """An HTTP GET over one of Trio's TCP streams (Trio has no HTTP client of its own)."""
        self.at = f"fetch:{url}"
        began = time.monotonic()
        parts = urllib.parse.urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        request = f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n\r\n"
        response = b""
        async with await trio.open_tcp_stream(parts.hostname, parts.port or 80) as stream:
            await stream.send_all(request.encode())
            while chunk := await stream.receive_some():
                response += chunk
                head, _, body = response.partition(b"\r\n\r\n")
                length = re.search(rb"(?im)^content-length: *(\d+)", head)
                if length and len(body) >= int(length[1]):
                    break  # the whole body, whether or not the server closes the connection
        seconds = round(time.monotonic() - began, 6)
        trace("fetch_done", task=self.name, url=url, status=int(head.split()[1]), bytes=len(body),
              seconds=seconds)
)py";
}

bool sequential(const ProgramPlan& plan) {
  return plan.mode == Mode::sync;
}

std::string await_method(const ProgramPlan& plan) {
  if (sequential(plan)) {
    return R"(    async def await_task(self, name):
        """One after another, a task that has not run yet runs right here, and has ended after."""
        self.at = f"await:{name}"
        trace("await", task=self.name, target=name)
        began = time.monotonic()
        for target in names_of(name):
            if target not in Traced.started:
                await Traced(target).run(TASKS[name][0])
            if target not in Traced.outcomes:  # it runs still, waiting for this one: a deadlock
                await trio.sleep_forever()
            if Traced.outcomes[target] == "cancelled":
                await trio.lowlevel.checkpoint()  # where the cancellation reaches this task too
            elif Traced.outcomes[target] is not None:
                raise RuntimeError(f"{target} failed: {Traced.outcomes[target]}")
        trace("awaited", task=self.name, target=name, waited=round(time.monotonic() - began, 6))
)";
  }
  return R"(    async def await_task(self, name):
        """Trio has no task to await: each task sets an Event as it ends, and this waits for it."""
        self.at = f"await:{name}"
        trace("await", task=self.name, target=name)
        began = time.monotonic()
        for target in names_of(name):
            await Traced.ended(target).wait()
            if Traced.outcomes[target] is not None:
                # A checkpoint first: where a failure cancelled the nursery, that reaches this
                # task here, as it reaches the other tasks.
                await trio.lowlevel.checkpoint()
            if Traced.outcomes[target] not in (None, "cancelled"):
                raise RuntimeError(f"{target} failed: {Traced.outcomes[target]}")
        trace("awaited", task=self.name, target=name, waited=round(time.monotonic() - began, 6))
)";
}

std::string spawn_method(const ProgramPlan& plan) {
  if (sequential(plan)) {
    return R"(    async def spawn(self, name):
        """One after another, a spawned task runs to its end right here, as a call would."""
        self.at = f"spawn:{name}"
        for child in names_of(name):
            trace("spawn", task=self.name, child=child)
            if child not in Traced.started:  # else an await ran it already
                await Traced(child).run(TASKS[name][0])
)";
  }
  return R"(    async def spawn(self, name):
        """nursery.start_soon: the task starts in Trio's next batch."""
        self.at = f"spawn:{name}"
        for child in names_of(name):
            trace("spawn", task=self.name, child=child)
            Traced.nursery.start_soon(Traced(child).run, TASKS[name][0])
)";
}

std::string release_method(const ProgramPlan&) {
  return R"(    def release(self, name):
        """limit.release(): one release too many, past max_value, raises ValueError."""
        self.at = f"release:{name}"
        self.give_back(name)
)";
}

std::string put_method(const ProgramPlan&) {
  return R"(    async def put(self, name, item):
        """await channel.send(item): waits while the channel's buffer is full."""
        self.at = f"put:{name}={item}"
        trace("put", task=self.name, on=name, item=item)
        began = time.monotonic()
        sender, _ = QUEUES[name]
        await sender.send((item, self.name))
        waited = round(time.monotonic() - began, 6)
        size = sender.statistics().current_buffer_used
        trace("queued", task=self.name, on=name, item=item, waited=waited, size=size)
)";
}

std::string get_method(const ProgramPlan&) {
  return R"(    async def get(self, name):
        """await channel.receive(): waits while the channel is empty, then takes the first item."""
        self.at = f"get:{name}"
        trace("get", task=self.name, on=name)
        began = time.monotonic()
        _, receiver = QUEUES[name]
        item, source = await receiver.receive()
        waited = round(time.monotonic() - began, 6)
        size = receiver.statistics().current_buffer_used
        trace("got", task=self.name, on=name, item=item, waited=waited, size=size,
              **{"from": source})
)";
}

std::string set_method(const ProgramPlan&) {
  return R"(    def set(self, name):
        """event.set(): wakes every task that waits for the event."""
        event = EVENTS[name]
        woken = 0 if event.is_set() else event.statistics().tasks_waiting
        event.set()
        trace("set", task=self.name, on=name, woken=woken)
)";
}

std::string wait_method(const ProgramPlan&) {
  return R"(    async def wait(self, name):
        """await event.wait(): until the event is set (at once, if it is)."""
        self.at = f"wait:{name}"
        trace("wait", task=self.name, on=name)
        began = time.monotonic()
        await EVENTS[name].wait()
        trace("woken", task=self.name, on=name, waited=round(time.monotonic() - began, 6))
)";
}

// Each kind of step in the Trio program: a new kind is one entry here.
const std::array kTrioSteps{
    PythonStep{"print",
               [](const PlannedStep& s) { return python_call("print", text_of(s), false); },
               &print_method},
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
               &fail_method},
    PythonStep{"fetch", [](const PlannedStep& s) { return python_call("fetch", text_of(s), true); },
               &fetch_method},
    PythonStep{"await",
               [](const PlannedStep& s) { return python_call("await_task", text_of(s), true); },
               &await_method},
    // Awaited in both modes: one after another, the spawned task runs right there.
    PythonStep{"spawn", [](const PlannedStep& s) { return python_call("spawn", text_of(s), true); },
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

// A failure cancels the others (a nursery does), or stops the run (one after another).
bool failure_stops(const ProgramPlan& plan) {
  return plan.can_fail() && plan.on_error == OnError::cancel;
}

std::string about(const ProgramPlan& plan) {
  std::string text;
  if (sequential(plan)) {
    text =
        "asyncdemo's sync run as a Trio program (Debian's python3-trio): each task is an async "
        "function, and main awaits them one after another, so nothing overlaps and the run "
        "takes the sum of the waits (Trio's lesson: awaiting is not running concurrently).";
    if (plan.timeout) {
      text += " trio.move_on_after cancels the task under way when what is left of " +
              format_duration(*plan.timeout) + " runs out; the tasks left never start.";
    }
    if (failure_stops(plan)) text += " A failure stops the run: the tasks after it never start.";
  } else {
    text =
        "asyncdemo's async run as a Trio program (Debian's python3-trio): each task is an async "
        "function, started in a nursery that runs them all and waits for them";
    text += failure_stops(plan) ? "; a failure cancels the others."
            : plan.can_fail()   ? "; a failure is kept in its task, so that the others run on."
                                : ".";
    if (plan.timeout) {
      text += " trio.move_on_after cancels every task still running after " +
              format_duration(*plan.timeout) + ".";
    }
  }
  if (plan.uses("work")) {
    text += " The work steps run on threads (trio.to_thread.run_sync), at most " +
            std::to_string(plan.threads) + " at once (a CapacityLimiter).";
  }
  if (plan.uses("fetch")) text += " The fetch steps are HTTP GETs over Trio's own TCP streams.";
  if (!sequential(plan)) {
    text +=
        "\nTrio varies, on purpose, the order in which it runs the tasks that wake at one moment, "
        "so that no program comes to rely on it: `asyncdemo check` compares such events as a "
        "set.";
  }
  return text + "\nIt prints its own trace as JSON lines, as `asyncdemo --" +
         std::string(to_string(plan.mode)) +
         " --format jsonl` does, so that `asyncdemo check --lang trio` can run both and compare "
         "them.";
}

std::string imports(const ProgramPlan& plan) {
  std::string out = "import json\n";
  bool unbounded = false;
  for (const Declarations::Queue& queue : plan.declarations.queues) {
    unbounded = unbounded || queue.maxsize == 0;
  }
  if (unbounded) out += "import math\n";
  if (plan.uses("fetch")) out += "import re\n";
  out += "import sys\nimport time\n";
  if (plan.uses("fetch")) out += "import urllib.parse\n";
  out += "\nimport trio\n";
  std::string settings;
  if (plan.timeout) {
    settings += "TIMEOUT = " + seconds_literal(*plan.timeout) + "  # seconds (--timeout)\n";
  }
  if (plan.uses("work")) {
    settings += "POOL = trio.CapacityLimiter(" + std::to_string(plan.threads) +
                ")  # at most this many work steps on threads at once\n";
  }
  // A Semaphore rather than a Lock even for one slot: a Trio lock belongs to the task that took
  // it, where asyncdemo lets any task release a limit. A queue is a memory channel, both ends.
  settings += python_declarations(
      plan,
      [](std::size_t size) {
        return "trio.Semaphore(" + std::to_string(size) + ", max_value=" + std::to_string(size) +
               ")";
      },
      [](std::size_t maxsize) {
        return "trio.open_memory_channel(" +
               (maxsize == 0 ? std::string("math.inf") : std::to_string(maxsize)) + ")";
      },
      "trio.Event()");
  return settings.empty() ? out : out + "\n" + settings;
}

std::string main_function(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  if (sequential(plan)) {
    return "\n\nasync def main():\n"
           "    # One after another: each task is awaited to its end before the next one "
           "starts.\n" +
           indented(python_task_loop(plan, functions,
                                     [](const std::string& name, const std::string& function) {
                                       return "await Traced(" + name + ").run(" + function + ")";
                                     }),
                    4);
  }
  std::string body =
      "async with trio.open_nursery() as nursery:\n" +
      std::string(plan.uses("spawn") ? "    Traced.nursery = nursery  # where spawn steps start "
                                       "their tasks\n"
                                     : "") +
      indented(python_task_loop(plan, functions,
                                [](const std::string& name, const std::string& function) {
                                  return "nursery.start_soon(Traced(" + name + ").run, " +
                                         function + ")";
                                }),
               4);
  if (!plan.timeout) return "\n\nasync def main():\n" + indented(body, 4);
  return "\n\nasync def main():\n    with trio.move_on_after(TIMEOUT) as timeout:\n" +
         indented(body, 8) + "    return timeout.cancelled_caught\n";
}

std::string traced_class(const ProgramPlan& plan) {
  const bool limits = python_uses_limits(plan);
  const bool awaits = plan.uses("await");
  const bool spawns = plan.uses("spawn");
  const bool starts = spawns || awaits;           // the tasks that started, for spawn: and await:
  const bool ends = awaits && !sequential(plan);  // an Event as each task ends, for await:
  std::string out = R"(

class Traced:
    """One task: runs the task's steps, each of which traces what it does."""
)";
  std::string attributes;
  if (spawns && !sequential(plan)) {
    attributes += "    nursery = None  # the run's nursery\n";
  }
  if (starts) attributes += "    started = set()  # the names of the tasks that started\n";
  if (awaits) {
    attributes +=
        "    outcomes = {}  # name: None once it finished, else \"cancelled\" or why it failed\n";
  }
  if (ends) attributes += "    ends = {}  # name: an Event set as the task ends\n";
  if (!attributes.empty()) out += "\n" + attributes;
  out += R"(
    def __init__(self, name):
        self.name = name
        self.at = ""  # the step under way: where a cancellation or a failure finds the task
)";
  if (limits) out += "        self.held = []  # the limits it holds, in the order it took them\n";
  if (ends) {
    out += R"(
    @staticmethod
    def ended(name):
        return Traced.ends.setdefault(name, trio.Event())
)";
  }
  out += "\n    async def run(self, steps):\n";
  const bool stops = plan.timeout || failure_stops(plan) || plan.coordinates();
  const std::string give_back = limits ? "self.release_held()\n" : "";
  const auto outcome = [&](const std::string& value) {
    return awaits ? "Traced.outcomes[self.name] = " + value + "\n" : std::string();
  };
  std::string steps;
  if (plan.declarations.every_task) {
    steps += "await self.acquire(\"limit\")  # --limit " +
             std::to_string(*plan.declarations.every_task) + ": at most so many tasks at a time\n";
  }
  steps += "await steps(self)\n";
  std::string body;
  if (sequential(plan)) {
    if (stops) {
      out +=
          R"(        if Run.stopped_by:  # a timeout or a failure stopped the run before this task
            trace("cancel", task=self.name, reason=Run.stopped_by)
            Run.cancelled += 1
)" + indented(outcome("\"cancelled\""), 12) +
          "            return\n";
    }
    if (starts) {
      out =
          filled(out, {{"    async def run(self, steps):\n",
                        "    async def run(self, steps):\n        if self.name in Traced.started:  "
                        "# an await ran it already\n            return\n"}});
      out += "        Traced.started.add(self.name)\n";
    }
    out += "        trace(\"start\", task=self.name)\n";
    if (!plan.timeout && !plan.can_fail()) {
      body = steps;
    } else {
      body = "try:\n" + indented(steps, 4);
      if (plan.timeout) {
        body +=
            "except trio.Cancelled:\n" +
            indented(give_back + R"(trace("cancel", task=self.name, at=self.at, reason="timeout")
Run.cancelled += 1
Run.stopped_by = "timeout"
)" + outcome("\"cancelled\"") +
                         "raise\n",
                     4);
      }
      if (plan.can_fail()) {
        std::string failed = give_back +
                             "trace(\"fail\", task=self.name, at=self.at, message=str(error))\n"
                             "Run.failed += 1\n" +
                             outcome("str(error)");
        if (failure_stops(plan)) failed += "Run.stopped_by = \"failure\"\n";
        body += "except Exception as error:\n" + indented(failed + "return\n", 4);
      }
    }
    if (plan.timeout) {
      out += "        with trio.move_on_after(max(0, TIMEOUT - now())):  # what is left of it\n" +
             indented(body, 12) + "        if Run.stopped_by == \"timeout\":\n            return\n";
    } else {
      out += indented(body, 8);
    }
  } else {
    if (starts) out += "        Traced.started.add(self.name)\n";
    out += "        trace(\"start\", task=self.name)\n";
    const bool cancels = plan.timeout || failure_stops(plan);
    if (!cancels && !plan.can_fail()) {
      out += indented(steps, 8);
    } else {
      out += "        try:\n" + indented(steps, 12);
      if (cancels) {
        std::string reason = plan.timeout ? "\"timeout\"" : "\"failure\"";
        out += "        except trio.Cancelled:\n";
        if (plan.timeout && failure_stops(plan)) {
          out +=
              "            # The timeout cancels once it has passed; before that only a failure "
              "does.\n"
              "            reason = \"timeout\" if now() >= TIMEOUT else \"failure\"\n";
          reason = "reason";
        }
        out +=
            indented(give_back + "trace(\"cancel\", task=self.name, at=self.at, reason=" + reason +
                         ")\nRun.cancelled += 1\n" + outcome("\"cancelled\"") + "raise\n",
                     12);
      }
      if (plan.can_fail()) {
        out += "        except Exception as error:\n" +
               indented(give_back +
                            "trace(\"fail\", task=self.name, at=self.at, message=str(error))\n"
                            "Run.failed += 1\n" +
                            outcome("str(error)"),
                        12);
        out += failure_stops(plan)
                   ? "            raise  # the nursery cancels the others, then raises it\n"
                   : "            return  # kept in its task, it reaches no nursery: the others "
                     "run on\n";
      }
      if (ends) out += "        finally:\n            Traced.ended(self.name).set()\n";
    }
  }
  out +=
      indented(give_back + "trace(\"end\", task=self.name)\nRun.finished += 1\n" + outcome("None") +
                   (ends && !(plan.timeout || failure_stops(plan) || plan.can_fail())
                        ? "Traced.ended(self.name).set()\n"
                        : ""),
               8);
  return python_step_text(plan, out + python_limit_methods(plan));
}

std::string run_function(const ProgramPlan& plan) {
  std::string out = R"(

def run():
    """trio.run(main) between the trace's first and last lines; returns the exit status."""
    facts = @FACTS@
    trace("run_start", **facts)
)";
  std::string status;
  if (sequential(plan)) {
    out += "    trio.run(main)\n";
    status = plan.timeout ? "124 if Run.stopped_by == \"timeout\" else " : "";
    status += plan.can_fail() ? "1 if Run.failed else 0" : "0";
  } else if (!plan.timeout && !failure_stops(plan)) {
    out += "    trio.run(main)\n";
    status = plan.can_fail() ? "1 if Run.failed else 0" : "0";
  } else if (!failure_stops(plan)) {
    out +=
        "    status = 124 if trio.run(main) else 0  # 124: the timeout cancelled the tasks left\n";
    status = plan.can_fail() ? "status or (1 if Run.failed else 0)" : "status";
  } else {
    out += "    status = 0\n    try:\n";
    if (plan.timeout) {
      out +=
          "        if trio.run(main):\n"
          "            status = 124  # the timeout cancelled the tasks left: exit as timeout(1) "
          "does\n";
    } else {
      out += "        trio.run(main)\n";
    }
    out +=
        "    except Exception:\n"
        "        status = 1  # a task failed (its fail line says why); the nursery cancelled the "
        "others\n";
    status = "status";
  }
  if (plan.uses("spawn")) {
    out +=
        std::string(sequential(plan)
                        ? "    stopped = {\"reason\": Run.stopped_by} if Run.stopped_by else {}\n"
                    : plan.timeout || failure_stops(plan)
                        ? "    stopped = {124: {\"reason\": \"timeout\"}, 1: {\"reason\": "
                          "\"failure\"}}.get(status, {})\n"
                        : "    stopped = {}\n") +
        R"(    for name in SPAWNED:
        for child in names_of(name):
            if child not in Traced.started:  # what should have spawned it stopped first
                trace("cancel", task=child, **stopped)
                Run.cancelled += 1
)";
  }
  out +=
      R"(    counts = {"finished": Run.finished, "cancelled": Run.cancelled, "failed": Run.failed}
    trace("run_end", elapsed=round(now(), 6), **facts, **counts)
    return )" +
      status + "\n";
  return filled(out, {{"@FACTS@", python_facts(plan)}});
}

}  // namespace

Result<std::string> write_trio_program(const ProgramPlan& plan) {
  const std::vector<std::string> functions = python_identifiers(plan);
  Result<std::string> tasks = python_task_functions(plan, functions, kTrioSteps, true, "trio");
  if (!tasks) return tasks.error();
  const bool stops =
      sequential(plan) && (plan.timeout || failure_stops(plan) || plan.coordinates());
  return "#!/usr/bin/env python3\n" + opening_comment("#", plan, about(plan)) + imports(plan) +
         *tasks + python_task_table(plan, functions) + main_function(plan, functions) +
         std::string(kPythonTraceHeading) + python_trace_basics(plan, stops) +
         python_coordination_state(plan, false) + traced_class(plan) +
         python_step_methods(plan, kTrioSteps) + run_function(plan) + std::string(kPythonMainGuard);
}

std::vector<Requirement> trio_requirements(const ProgramPlan&) {
  return {{"trio", "python3-trio"}};
}

}  // namespace asyncdemo::codegen
