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
};

bool sequential(const ProgramPlan& plan) {
  return plan.mode == Mode::sync;
}

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
  std::string out = "import json\nimport sys\nimport time\n";
  if (plan.uses("fetch"))
    out = "import json\nimport re\nimport sys\nimport time\nimport urllib.parse\n";
  out += "\nimport trio\n";
  if (plan.timeout)
    out += "\nTIMEOUT = " + seconds_literal(*plan.timeout) + "  # seconds (--timeout)\n";
  if (plan.uses("work")) {
    out += std::string(plan.timeout ? "" : "\n") + "POOL = trio.CapacityLimiter(" +
           std::to_string(plan.threads) + ")  # at most this many work steps on threads at once\n";
  }
  return out;
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
  std::string out = R"(

class Traced:
    """One task: runs the task's steps, each of which traces what it does."""

    def __init__(self, name):
        self.name = name
        self.at = ""  # the step under way: where a cancellation or a failure finds the task

    async def run(self, steps):
)";
  const bool stops = plan.timeout || failure_stops(plan);
  if (sequential(plan)) {
    if (stops) {
      out +=
          R"(        if Run.stopped_by:  # a timeout or a failure stopped the run before this task
            trace("cancel", task=self.name, reason=Run.stopped_by)
            Run.cancelled += 1
            return
)";
    }
    out += "        trace(\"start\", task=self.name)\n";
    std::string body;
    if (!plan.timeout && !plan.can_fail()) {
      body = "await steps(self)\n";
    } else {
      body = "try:\n    await steps(self)\n";
      if (plan.timeout) {
        body += R"(except trio.Cancelled:
    trace("cancel", task=self.name, at=self.at, reason="timeout")
    Run.cancelled += 1
    Run.stopped_by = "timeout"
    raise
)";
      }
      if (plan.can_fail()) {
        body += R"(except Exception as error:
    trace("fail", task=self.name, at=self.at, message=str(error))
    Run.failed += 1
)";
        if (failure_stops(plan)) body += "    Run.stopped_by = \"failure\"\n";
        body += "    return\n";
      }
    }
    if (plan.timeout) {
      out += "        with trio.move_on_after(max(0, TIMEOUT - now())):  # what is left of it\n" +
             indented(body, 12) + "        if Run.stopped_by == \"timeout\":\n            return\n";
    } else {
      out += indented(body, 8);
    }
  } else {
    out += "        trace(\"start\", task=self.name)\n";
    if (!stops && !plan.can_fail()) {
      out += "        await steps(self)\n";
    } else {
      out += "        try:\n            await steps(self)\n";
      if (stops) {
        std::string reason = plan.timeout ? "\"timeout\"" : "\"failure\"";
        out += "        except trio.Cancelled:\n";
        if (plan.timeout && failure_stops(plan)) {
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
)";
        out += failure_stops(plan)
                   ? "            raise  # the nursery cancels the others, then raises it\n"
                   : "            return  # kept in its task, it reaches no nursery: the others "
                     "run on\n";
      }
    }
  }
  out += "        trace(\"end\", task=self.name)\n        Run.finished += 1\n";
  return python_step_text(plan, out);
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
    out += "    timed_out = trio.run(main)  # the timeout cancelled the tasks left\n";
    status = plan.can_fail() ? "124 if timed_out else 1 if Run.failed else 0"
                             : "124 if timed_out else 0";
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
  const std::string basics =
      python_trace_basics(plan, sequential(plan) && (plan.timeout || failure_stops(plan)));
  return "#!/usr/bin/env python3\n" + opening_comment("#", plan, about(plan)) + imports(plan) +
         *tasks + main_function(plan, functions) + R"(

# The trace. Each step above is a method of Traced below that does what its name says and prints
# what happened as a line of asyncdemo's JSON-lines trace.

)" + basics +
         traced_class(plan) + python_step_methods(plan, kTrioSteps) + run_function(plan) +
         R"(

if __name__ == "__main__":
    sys.exit(run())
)";
}

std::vector<Requirement> trio_requirements(const ProgramPlan&) {
  return {{"trio", "python3-trio"}};
}

}  // namespace asyncdemo::codegen
