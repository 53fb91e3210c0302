#include "asyncdemo/codegen/plain_python_program.hpp"

#include <array>

#include "asyncdemo/codegen/language.hpp"
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

// A stop (a timeout, a failure, a deadlock) can come while a spawned or awaited task runs inside
// another: then every later wait of the run ends at once.
bool nests(const ProgramPlan& plan) {
  return plan.uses("spawn") || plan.uses("await");
}

bool stops(const ProgramPlan& plan) {
  return plan.timeout || (plan.can_fail() && plan.on_error == OnError::cancel) ||
         plan.coordinates();
}

// Every wait is time.sleep, cut short at the timeout when there is one.
std::string waiting(const ProgramPlan& plan, std::string_view text) {
  return filled(text, {{"@WAIT@", plan.timeout || nests(plan) ? "wait" : "time.sleep"}});
}

std::string sleep_method(const ProgramPlan& plan) {
  return waiting(plan, R"(    def sleep(self, seconds):
        self.at = f"sleep:{seconds}"
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        @WAIT@(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))
)");
}

std::string block_method(const ProgramPlan& plan) {
  return waiting(plan, R"(    def block(self, seconds):
        self.at = f"block:{seconds}"
        trace("block", task=self.name, seconds=seconds)
        began = time.monotonic()
        @WAIT@(seconds)
        trace("unblock", task=self.name, held=round(time.monotonic() - began, 6))
)");
}

std::string work_method(const ProgramPlan& plan) {
  return filled(waiting(plan, R"(    def work(self, seconds):
        """One after another there is no pool to hand the job to: it runs right here."""
        self.at = f"work:{seconds}"
        trace("work_queue", task=self.name, seconds=seconds)
@STOPPED@        trace("work_start", task=self.name, waited=0)
        @WAIT@(seconds)
        trace("work_end", task=self.name, late=0)
)"),
                {{"@STOPPED@",
                  nests(plan) ? "        if Run.stopped_by:\n            raise Stopped\n" : ""}});
}

std::string fetch_method(const ProgramPlan&) {
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

std::string await_method(const ProgramPlan&) {
  return R"py(    def await_task(self, name):
        """Waits for the task (each copy, for NAME*COUNT): one that has not run yet runs here."""
        self.at = f"await:{name}"
        trace("await", task=self.name, target=name)
        began = time.monotonic()
        for target in names_of(name):
            if Traced.ended.get(target) == "running":
                raise Deadlock(f"task {target} to end")
            if target not in Traced.ended:
                Traced(target).run(TASKS[name][0])
            if Traced.ended[target] == "cancelled":
                raise Stopped
            if Traced.ended[target] != "finished":
                raise RuntimeError(f"{target} failed: {Traced.ended[target]}")
        trace("awaited", task=self.name, target=name, waited=round(time.monotonic() - began, 6))
)py";
}

std::string spawn_method(const ProgramPlan&) {
  return R"(    def spawn(self, name):
        """One after another, a spawned task runs to its end right here, as a call would."""
        self.at = f"spawn:{name}"
        for child in names_of(name):
            trace("spawn", task=self.name, child=child)
            if child not in Traced.ended:  # else an await ran it already
                Traced(child).run(TASKS[name][0])
)";
}

std::string acquire_method(const ProgramPlan&) {
  return R"py(    def acquire(self, name):
        """Takes a slot of the limit: with none free, nothing else could give one back."""
        self.at = f"acquire:{name}"
        trace("acquire", task=self.name, on=name)
        if FREE[name] == 0:
            raise Deadlock(f"limit {name}, held by {', '.join(HOLDERS[name])}")
        FREE[name] -= 1
        self.held.append(name)
        HOLDERS[name].append(self.name)
        trace("acquired", task=self.name, on=name, waited=0, holders=len(HOLDERS[name]))
)py";
}

std::string release_method(const ProgramPlan&) {
  return R"(    def release(self, name):
        self.at = f"release:{name}"
        if FREE[name] == LIMITS[name]:
            raise RuntimeError(f"released {name} more often than it was acquired")
        self.give_back(name)
)";
}

std::string put_method(const ProgramPlan&) {
  return R"py(    def put(self, name, item):
        """Puts the item in the queue: a full one nothing else could empty."""
        self.at = f"put:{name}={item}"
        trace("put", task=self.name, on=name, item=item)
        if QUEUES[name] and len(ITEMS[name]) >= QUEUES[name]:
            raise Deadlock(f"room in queue {name} (full: {len(ITEMS[name])} of {QUEUES[name]})")
        ITEMS[name].append((item, self.name))
        trace("queued", task=self.name, on=name, item=item, waited=0, size=len(ITEMS[name]))
)py";
}

std::string get_method(const ProgramPlan&) {
  return R"py(    def get(self, name):
        """Takes the first item of the queue: an empty one nothing else could fill."""
        self.at = f"get:{name}"
        trace("get", task=self.name, on=name)
        if not ITEMS[name]:
            raise Deadlock(f"an item in queue {name} (empty)")
        item, source = ITEMS[name].pop(0)
        trace("got", task=self.name, on=name, item=item, waited=0, size=len(ITEMS[name]),
              **{"from": source})
)py";
}

std::string set_method(const ProgramPlan&) {
  return R"(    def set(self, name):
        EVENTS[name] = True
        trace("set", task=self.name, on=name, woken=0)
)";
}

std::string wait_method(const ProgramPlan&) {
  return R"py(    def wait(self, name):
        """Goes on if the event is set: else nothing else could set it."""
        self.at = f"wait:{name}"
        trace("wait", task=self.name, on=name)
        if not EVENTS[name]:
            raise Deadlock(f"event {name} to be set")
        trace("woken", task=self.name, on=name, waited=0)
)py";
}

// Each kind of step in the plain sequential program: a new kind is one entry here.
const std::array kPlainSteps{
    PythonStep{"print",
               [](const PlannedStep& s) { return python_call("print", text_of(s), false); },
               &python_print_method},
    PythonStep{"sleep",
               [](const PlannedStep& s) { return python_call("sleep", seconds_of(s), false); },
               &sleep_method},
    PythonStep{"block",
               [](const PlannedStep& s) { return python_call("block", seconds_of(s), false); },
               &block_method},
    PythonStep{"work",
               [](const PlannedStep& s) { return python_call("work", seconds_of(s), false); },
               &work_method},
    PythonStep{"fail", [](const PlannedStep& s) { return python_call("fail", text_of(s), false); },
               &python_fail_method},
    PythonStep{"fetch",
               [](const PlannedStep& s) { return python_call("fetch", text_of(s), false); },
               &fetch_method},
    PythonStep{"await",
               [](const PlannedStep& s) { return python_call("await_task", text_of(s), false); },
               &await_method},
    PythonStep{"spawn",
               [](const PlannedStep& s) { return python_call("spawn", text_of(s), false); },
               &spawn_method},
    PythonStep{"acquire",
               [](const PlannedStep& s) { return python_call("acquire", text_of(s), false); },
               &acquire_method},
    PythonStep{"release",
               [](const PlannedStep& s) { return python_call("release", text_of(s), false); },
               &release_method},
    PythonStep{"put", [](const PlannedStep& s) { return python_put_call(s, false); }, &put_method},
    PythonStep{"get", [](const PlannedStep& s) { return python_call("get", text_of(s), false); },
               &get_method},
    PythonStep{"set", [](const PlannedStep& s) { return python_call("set", text_of(s), false); },
               &set_method},
    PythonStep{"wait", [](const PlannedStep& s) { return python_call("wait", text_of(s), false); },
               &wait_method},
};

std::string about(const ProgramPlan& plan) {
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
  if (plan.coordinates()) {
    about +=
        " A spawned task runs where it is spawned, an awaited one that has not run yet where it "
        "is awaited; a wait that only another task could end (no free slot, an empty or full "
        "queue, an event not set) never ends one after another: that is a deadlock, and the run "
        "stops there.";
  }
  return about +
         "\nIt prints its own trace as JSON lines, as `asyncdemo --sync --format jsonl` does, so "
         "that `asyncdemo check` can run both and compare them.";
}

std::string imports(const ProgramPlan& plan) {
  std::string out = "import json\nimport sys\nimport time\n";
  if (plan.uses("fetch")) out += "import urllib.error\nimport urllib.request\n";
  return out;
}

std::string settings(const ProgramPlan& plan) {
  std::string out;
  if (plan.timeout) {
    out += "TIMEOUT = " + seconds_literal(*plan.timeout) + "  # seconds (--timeout)\n";
  }
  out += python_declarations(
      plan, [](std::size_t size) { return std::to_string(size); },
      [](std::size_t maxsize) { return std::to_string(maxsize); }, "False");
  return out.empty() ? out : "\n" + out;
}

std::string main_function(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  std::string out =
      "\n\ndef main():\n    # One after another: each task runs to its end before the next one "
      "starts.\n" +
      indented(python_task_loop(plan, functions,
                                [](const std::string& name, const std::string& function) {
                                  return "Traced(" + name + ").run(" + function + ")";
                                }),
               4);
  if (plan.uses("spawn")) {
    out += R"(    for name in SPAWNED:
        for child in names_of(name):
            if child not in Traced.ended:  # what should have spawned it stopped first
                Traced(child).never_started()
)";
  }
  return out;
}

// The plain program's own state of the coordination: free slots, who holds them, the items in
// each queue; and how a wait ends when the run stops.
std::string state(const ProgramPlan& plan) {
  std::string out;
  if (python_uses_limits(plan)) {
    out +=
        "FREE = dict(LIMITS)  # the free slots of each limit\n"
        "HOLDERS = {name: [] for name in LIMITS}  # who holds each limit, for the trace\n";
  }
  if (plan.uses("put") || plan.uses("get")) {
    out += "ITEMS = {name: [] for name in QUEUES}  # what each queue holds, and who put it\n";
  }
  if (!out.empty()) out = "\n" + out;
  if (plan.uses("spawn") || plan.uses("await")) {
    out += R"(

def names_of(name):
    """The task of that name, or each copy of NAME*COUNT, in order."""
    copies = TASKS[name][1]
    return [name] if copies == 0 else [f"{name}{i}" for i in range(1, copies + 1)]
)";
  }
  if (plan.coordinates()) {
    out += R"(

class Deadlock(Exception):
    """A wait that only another task could end: one after another, none ever will."""
)";
  }
  if (nests(plan)) {
    out += R"(

class Stopped(Exception):
    """The run stopped (a timeout, a failure, a deadlock) while this task ran inside another."""
)";
  }
  if (plan.timeout || nests(plan)) {
    std::string wait = R"(

def wait(seconds):
    """time.sleep)";
    wait += plan.timeout ? ", cut short at the timeout: the run stops there.\"\"\"\n"
                         : "; once the run has stopped, no wait begins.\"\"\"\n";
    if (nests(plan)) {
      wait += "    if Run.stopped_by:\n        raise Stopped\n";
    }
    if (plan.timeout) {
      wait += R"(    left = TIMEOUT - now()
    if seconds > 0 and seconds >= left:
        time.sleep(max(0, left))
        Run.stopped_by = Run.stopped_by or "timeout"
        raise TimeoutError
)";
    }
    out += wait + "    time.sleep(seconds)\n";
  }
  return out;
}

std::string traced_class(const ProgramPlan& plan) {
  const bool limits = python_uses_limits(plan);
  std::string out = R"(

class Traced:
    """One task: runs the task's steps, each of which traces what it does."""
)";
  if (nests(plan)) {
    out +=
        "\n    ended = {}  # name: \"running\", then \"finished\", \"cancelled\" or why it "
        "failed\n";
  }
  out += R"(
    def __init__(self, name):
        self.name = name
        self.at = ""  # the step under way: where a timeout or a failure finds the task
)";
  if (limits) out += "        self.held = []  # the limits it holds, in the order it took them\n";
  out += "\n    def run(self, steps):\n";
  if (nests(plan)) {
    out += "        if self.name in Traced.ended:  # an await ran it already\n            return\n";
  }
  if (stops(plan)) {
    out +=
        R"(        if Run.stopped_by:  # a timeout, a failure or a deadlock stopped the run before it
            self.never_started()
            return
)";
  }
  if (nests(plan)) out += "        Traced.ended[self.name] = \"running\"\n";
  out += "        trace(\"start\", task=self.name)\n";
  const std::string give_back = limits ? "self.release_held()\n" : "";
  const std::string ended = nests(plan) ? "Traced.ended[self.name] = @OUTCOME@\n" : "";
  std::string body;
  if (plan.declarations.every_task) {
    body += "self.acquire(\"limit\")  # --limit " + std::to_string(*plan.declarations.every_task) +
            ": at most so many tasks at a time\n";
  }
  body += "steps(self)\n";
  const bool cancels = plan.timeout || nests(plan);
  if (!cancels && !plan.can_fail() && !plan.coordinates()) {
    out += indented(body, 8);
  } else {
    out += "        try:\n" + indented(body, 12);
    if (cancels) {
      out += "        except (" + std::string(plan.timeout ? "TimeoutError" : "") +
             (plan.timeout && nests(plan) ? ", " : "") + (nests(plan) ? "Stopped" : "") + "):\n";
      out += indented(give_back +
                          "trace(\"cancel\", task=self.name, at=self.at, "
                          "reason=Run.stopped_by)\nRun.cancelled += 1\n" +
                          filled(ended, {{"@OUTCOME@", "\"cancelled\""}}) + "return\n",
                      12);
    }
    if (plan.coordinates()) {
      out += "        except Deadlock as stuck:\n" +
             indented(give_back + R"(Run.stopped_by = Run.stopped_by or "deadlock"
trace("cancel", task=self.name, at=self.at, reason=Run.stopped_by, waiting_for=str(stuck))
Run.cancelled += 1
)" + filled(ended, {{"@OUTCOME@", "\"cancelled\""}}) +
                          "return\n",
                      12);
    }
    if (plan.can_fail()) {
      std::string failed = give_back +
                           "trace(\"fail\", task=self.name, at=self.at, message=str(error))\n"
                           "Run.failed += 1\n" +
                           filled(ended, {{"@OUTCOME@", "str(error)"}});
      if (plan.on_error == OnError::cancel) {
        failed += "Run.stopped_by = Run.stopped_by or \"failure\"\n";
      }
      out += "        except Exception as error:\n" + indented(failed + "return\n", 12);
    }
  }
  out += indented(give_back + "trace(\"end\", task=self.name)\nRun.finished += 1\n" +
                      filled(ended, {{"@OUTCOME@", "\"finished\""}}),
                  8);
  if (stops(plan) || plan.uses("spawn")) {
    out += R"(
    def never_started(self):
        """Cancelled before its first step: the run stopped first, or no spawn came for it."""
        trace("cancel", task=self.name, **({"reason": Run.stopped_by} if Run.stopped_by else {}))
        Run.cancelled += 1
)";
    if (nests(plan)) out += "        Traced.ended[self.name] = \"cancelled\"\n";
  }
  if (limits) {
    out += R"(
    def give_back(self, name, at=None):
        """Gives one slot of the limit back and says so; `at` is "end" when the task's end does."""
        FREE[name] += 1
        if name in self.held:  # the last one it took of that limit
            del self.held[len(self.held) - 1 - self.held[::-1].index(name)]
        if self.name in HOLDERS[name]:
            HOLDERS[name].remove(self.name)
        fields = {"at": at} if at else {}
        trace("release", task=self.name, on=name, holders=len(HOLDERS[name]), **fields)

    def release_held(self):
        """The slots a task still holds as it ends go back, the last taken first."""
        for name in reversed(self.held.copy()):
            if FREE[name] < LIMITS[name]:  # else another task's release gave it back already
                self.give_back(name, at="end")
        self.held = []
)";
  }
  return python_step_text(plan, out);
}

std::string run_function(const ProgramPlan& plan) {
  std::string out = R"(

def run():
    """main() between the trace's first and last lines; returns the exit status."""
    facts = @FACTS@
    trace("run_start", **facts)
    main()
    counts = {"finished": Run.finished, "cancelled": Run.cancelled, "failed": Run.failed}
    trace("run_end", elapsed=round(now(), 6), **facts, **counts)
)";
  std::string status = plan.timeout ? "124 if Run.stopped_by == \"timeout\" else " : "";
  if (plan.coordinates()) status += "1 if Run.stopped_by == \"deadlock\" else ";
  status += plan.can_fail() ? "1 if Run.failed else 0" : "0";
  out += "    return " + status + "\n";
  return filled(out, {{"@FACTS@", python_facts(plan)}});
}

}  // namespace

Result<std::string> write_plain_python_program(const ProgramPlan& plan) {
  const std::vector<std::string> functions = python_identifiers(plan);
  Result<std::string> tasks = python_task_functions(plan, functions, kPlainSteps, false, "python");
  if (!tasks) return tasks.error();
  return "#!/usr/bin/env python3\n" + opening_comment("#", plan, about(plan)) + imports(plan) +
         settings(plan) + *tasks + python_task_table(plan, functions) +
         main_function(plan, functions) + std::string(kPythonTraceHeading) +
         python_trace_basics(plan, stops(plan)) + state(plan) + traced_class(plan) +
         python_step_methods(plan, kPlainSteps) + run_function(plan) +
         std::string(kPythonMainGuard);
}

}  // namespace asyncdemo::codegen
