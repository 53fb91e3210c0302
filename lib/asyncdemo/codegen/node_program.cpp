#include "asyncdemo/codegen/node_program.hpp"

#include <array>
#include <optional>

#include "asyncdemo/codegen/program_text.hpp"

namespace asyncdemo::codegen {
namespace {

// A step as the Node.js program writes it: the line in its task's function, and the method of
// Traced that does the step and traces it (written once, when a task uses the step).
struct NodeStep {
  std::string_view kind;
  std::string (*call)(const PlannedStep& step);
  std::string (*method)(const ProgramPlan& plan);
};

// Every wait takes the run's AbortSignal when something can cancel the tasks.
bool cancellable(const ProgramPlan& plan) {
  return plan.timeout || (plan.can_fail() && plan.on_error == OnError::cancel);
}

std::string with_signal(const ProgramPlan& plan, std::string_view text) {
  const bool on = cancellable(plan);
  return filled(text, {{"@SIGNAL@", on ? ", { signal: stop.signal }" : ""},
                       {"@SIGNAL_ONLY@", on ? "undefined, { signal: stop.signal }" : ""},
                       {"@SIGNAL_AFTER@", on ? ", undefined, { signal: stop.signal }" : ""},
                       {"@SIGNAL_ARGUMENT@", on ? ", stop.signal" : ""},
                       {"@SIGNAL_PLAIN@", on ? "stop.signal" : ""},
                       {"@SIGNAL_PARAMETER@", on ? ", signal" : ""}});
}

// `text` without the lines that note the step under way (`this.at`), when nothing can stop a
// task to need it.
std::string step_text(const ProgramPlan& plan, std::string text) {
  return plan.timeout || plan.can_fail() || plan.coordinates()
             ? text
             : without_lines_containing(text, "this.at = ");
}

std::string call(std::string_view method, const std::string& argument, bool awaited) {
  return std::string(awaited ? "await " : "") + "task." + std::string(method) + "(" + argument +
         ");";
}

bool yields(const ProgramPlan& plan) {
  for (const PlannedTask& task : plan.tasks) {
    for (const PlannedStep& step : task.steps) {
      if (step.kind == "sleep" && step.duration == Duration::zero()) return true;
    }
  }
  return false;
}

std::string print_method(const ProgramPlan&) {
  return R"(  print(text) {
    trace("print", { task: this.name, text });
  }
)";
}

std::string sleep_method(const ProgramPlan& plan) {
  const std::string_view wait = yields(plan)
                                    ? R"(    if (seconds === 0) {
      await timers.setImmediate(@SIGNAL_ONLY@); // a bare yield, as asyncio.sleep(0)
    } else {
      await timers.setTimeout(seconds * 1000@SIGNAL_AFTER@);
    }
)"
                                    : R"(    await timers.setTimeout(seconds * 1000@SIGNAL_AFTER@);
)";
  return with_signal(
      plan,
      R"(  async sleep(seconds) {
    this.at = `sleep:${seconds}`;
    trace("sleep", { task: this.name, seconds });
    const deadline = performance.now() + seconds * 1000;
)" + std::string(wait) +
          R"(    trace("wake", { task: this.name, late: round(Math.max(0, performance.now() - deadline) / 1000) });
  }
)");
}

std::string block_method(const ProgramPlan&) {
  return R"(  // Atomics.wait holds the thread, as time.sleep does: the whole event loop stands still.
  block(seconds) {
    this.at = `block:${seconds}`;
    trace("block", { task: this.name, seconds });
    const began = performance.now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
    trace("unblock", { task: this.name, held: round((performance.now() - began) / 1000) });
  }
)";
}

std::string work_method(const ProgramPlan& plan) {
  return with_signal(
      plan,
      R"(  // The same wait on a thread of the pool: the event loop runs the other tasks meanwhile.
  async work(seconds) {
    this.at = `work:${seconds}`;
    trace("work_queue", { task: this.name, seconds });
    const queued = performance.now();
    const started = () => {
      trace("work_start", { task: this.name, waited: round((performance.now() - queued) / 1000) });
    };
    const done = await POOL.run(seconds, started@SIGNAL_ARGUMENT@);
    trace("work_end", { task: this.name, late: round((performance.now() - done) / 1000) });
  }
)");
}

std::string fail_method(const ProgramPlan&) {
  return R"(  fail(message) {
    this.at = `fail:${message}`;
    throw new Error(message);
  }
)";
}

std::string fetch_method(const ProgramPlan& plan) {
  return with_signal(plan, R"(  async fetch(url) {
    this.at = `fetch:${url}`;
    const began = performance.now();
    const response = await fetch(url@SIGNAL@);
    const body = await response.arrayBuffer();
    const seconds = round((performance.now() - began) / 1000);
    trace("fetch_done", { task: this.name, url, status: response.status, bytes: body.byteLength, seconds });
  }
)");
}

// The tasks go through Traced.start, which keeps each task's promise for spawn: and await:; their
// run() settles with how the task ended instead of throwing, and a failure that cancels the
// others aborts them itself, as a TaskGroup does.
bool settles(const ProgramPlan& plan) {
  return plan.uses("spawn") || plan.uses("await");
}

bool awaits_spawned(const ProgramPlan& plan) {
  if (!plan.uses("await") || plan.mode == Mode::sync) return false;
  for (const PlannedTask& task : plan.tasks) {
    if (task.spawned) return true;
  }
  return false;
}

std::string await_method(const ProgramPlan& plan) {
  std::string before;
  if (plan.mode == Mode::sync) {
    before =
        "    if (!Traced.created.has(target)) await new Traced(target).start(TASKS[name][0]); // "
        "it runs here\n";
  } else if (awaits_spawned(plan)) {
    before =
        "    await Traced.spawned(target).wait(@SIGNAL_PLAIN@); // until a spawn step created it\n";
  }
  return with_signal(
      plan, R"(  // `await` the task (each copy, for NAME*COUNT): its failure fails this one too.
  async awaitTask(name) {
    this.at = `await:${name}`;
    trace("await", { task: this.name, target: name });
    const began = performance.now();
    for (const target of namesOf(name)) {
)" + before + R"(      const outcome = await Traced.created.get(target);
)" +
                (!cancellable(plan) ? ""
                 : plan.mode == Mode::sync
                     ? "      if (outcome === \"cancelled\") stop.signal.throwIfAborted();\n"
                     : "      stop.signal.throwIfAborted(); // a failure that cancels the others, "
                       "this one too\n") +
                R"(      if (outcome !== undefined) throw new Error(`${target} failed: ${outcome}`);
    }
    trace("awaited", { task: this.name, target: name, waited: round((performance.now() - began) / 1000) });
  }
)");
}

std::string spawn_method(const ProgramPlan& plan) {
  if (plan.mode == Mode::sync) {
    return R"(  // One after another, a spawned task runs to its end right here, as a call would.
  async spawn(name) {
    this.at = `spawn:${name}`;
    for (const child of namesOf(name)) {
      trace("spawn", { task: this.name, child });
      if (!Traced.created.has(child)) await new Traced(child).start(TASKS[name][0]);
    }
  }
)";
  }
  return filled(
      R"(  // Starts the task now, as asyncio.create_task does; the run waits for it too.
  async spawn(name) {
    this.at = `spawn:${name}`;
    for (const child of namesOf(name)) {
      trace("spawn", { task: this.name, child });
      new Traced(child).start(TASKS[name][0]);
@SPAWNED@    }
  }
)",
      {{"@SPAWNED@", awaits_spawned(plan) ? "      Traced.spawned(child).set();\n" : ""}});
}

std::string acquire_method(const ProgramPlan& plan) {
  return with_signal(plan, R"(  async acquire(name) {
    this.at = `acquire:${name}`;
    trace("acquire", { task: this.name, on: name });
    const began = performance.now();
    await LIMITS[name].acquire(@SIGNAL_PLAIN@);
    this.held.push(name);
    LIMITS[name].holders.push(this.name);
    const waited = round((performance.now() - began) / 1000);
    trace("acquired", { task: this.name, on: name, waited, holders: LIMITS[name].holders.length });
  }
)");
}

std::string release_method(const ProgramPlan&) {
  return R"(  release(name) {
    this.at = `release:${name}`;
    this.giveBack(name);
  }
)";
}

std::string put_method(const ProgramPlan& plan) {
  return with_signal(plan, R"(  async put(name, item) {
    this.at = `put:${name}=${item}`;
    trace("put", { task: this.name, on: name, item });
    const began = performance.now();
    await QUEUES[name].put([item, this.name]@SIGNAL_ARGUMENT@);
    const waited = round((performance.now() - began) / 1000);
    trace("queued", { task: this.name, on: name, item, waited, size: QUEUES[name].items.length });
  }
)");
}

std::string get_method(const ProgramPlan& plan) {
  return with_signal(plan, R"(  async get(name) {
    this.at = `get:${name}`;
    trace("get", { task: this.name, on: name });
    const began = performance.now();
    const [item, from] = await QUEUES[name].get(@SIGNAL_PLAIN@);
    const waited = round((performance.now() - began) / 1000);
    trace("got", { task: this.name, on: name, item, from, waited, size: QUEUES[name].items.length });
  }
)");
}

std::string set_method(const ProgramPlan&) {
  return R"(  set(name) {
    trace("set", { task: this.name, on: name, woken: EVENTS[name].set() });
  }
)";
}

std::string wait_method(const ProgramPlan& plan) {
  return with_signal(plan, R"(  async wait(name) {
    this.at = `wait:${name}`;
    trace("wait", { task: this.name, on: name });
    const began = performance.now();
    await EVENTS[name].wait(@SIGNAL_PLAIN@);
    trace("woken", { task: this.name, on: name, waited: round((performance.now() - began) / 1000) });
  }
)");
}

std::string put_call(const PlannedStep& step) {
  const std::size_t equals = step.argument.find('=');
  return call("put",
              string_literal(step.argument.substr(0, equals)) + ", " +
                  string_literal(step.argument.substr(equals + 1)),
              true);
}

// Each kind of step in the Node.js program: a new kind is one entry here.
const std::array kNodeSteps{
    NodeStep{"print",
             [](const PlannedStep& s) { return call("print", string_literal(s.argument), false); },
             &print_method},
    NodeStep{"sleep",
             [](const PlannedStep& s) { return call("sleep", seconds_literal(s.duration), true); },
             &sleep_method},
    NodeStep{"block",
             [](const PlannedStep& s) { return call("block", seconds_literal(s.duration), false); },
             &block_method},
    NodeStep{"work",
             [](const PlannedStep& s) { return call("work", seconds_literal(s.duration), true); },
             &work_method},
    NodeStep{"fail",
             [](const PlannedStep& s) { return call("fail", string_literal(s.argument), false); },
             &fail_method},
    NodeStep{"fetch",
             [](const PlannedStep& s) { return call("fetch", string_literal(s.argument), true); },
             &fetch_method},
    NodeStep{
        "await",
        [](const PlannedStep& s) { return call("awaitTask", string_literal(s.argument), true); },
        &await_method},
    NodeStep{"spawn",
             [](const PlannedStep& s) { return call("spawn", string_literal(s.argument), true); },
             &spawn_method},
    NodeStep{"acquire",
             [](const PlannedStep& s) { return call("acquire", string_literal(s.argument), true); },
             &acquire_method},
    NodeStep{
        "release",
        [](const PlannedStep& s) { return call("release", string_literal(s.argument), false); },
        &release_method},
    NodeStep{"put", &put_call, &put_method},
    NodeStep{"get",
             [](const PlannedStep& s) { return call("get", string_literal(s.argument), true); },
             &get_method},
    NodeStep{"set",
             [](const PlannedStep& s) { return call("set", string_literal(s.argument), false); },
             &set_method},
    NodeStep{"wait",
             [](const PlannedStep& s) { return call("wait", string_literal(s.argument), true); },
             &wait_method},
};

std::vector<std::string> identifiers(const ProgramPlan& plan) {
  // JavaScript's reserved words, the globals the program uses, and its own names.
  return task_identifiers(
      plan,
      {"break",      "case",       "catch",        "class",       "const",     "continue",
       "debugger",   "default",    "delete",       "do",          "else",      "export",
       "extends",    "finally",    "for",          "function",    "if",        "import",
       "in",         "instanceof", "new",          "return",      "super",     "switch",
       "this",       "throw",      "try",          "typeof",      "var",       "void",
       "while",      "with",       "yield",        "let",         "static",    "enum",
       "await",      "async",      "implements",   "package",     "protected", "interface",
       "private",    "public",     "null",         "true",        "false",     "undefined",
       "NaN",        "Infinity",   "arguments",    "eval",        "require",   "module",
       "exports",    "process",    "console",      "performance", "Atomics",   "SharedArrayBuffer",
       "Int32Array", "Promise",    "Math",         "JSON",        "Array",     "Error",
       "fetch",      "setTimeout", "clearTimeout", "timers",      "Worker",    "once",
       "TIMEOUT",    "POOL",       "Pool",         "Traced",      "stop",      "counts",
       "start",      "now",        "round",        "trace",       "main",      "run",
       "task",       "tasks",      "timeout",      "out",         "Limit",     "ItemQueue",
       "EventFlag",  "LIMITS",     "QUEUES",       "EVENTS",      "TASKS",     "SPAWNED",
       "namesOf",    "waitInLine", "cancelled"});
}

const NodeStep* find_step(std::string_view kind) {
  for (const NodeStep& step : kNodeSteps) {
    if (step.kind == kind) return &step;
  }
  return nullptr;
}

std::string task_name(const PlannedTask& task) {
  if (task.copies == 0) return string_literal(task.name);
  return "`" + task.name + "${i}`";  // names are letters, digits, '_' and '-': nothing to escape
}

bool sequential(const ProgramPlan& plan) {
  return plan.mode == Mode::sync;
}

std::string about(const ProgramPlan& plan) {
  std::string text;
  const bool failure_cancels = plan.can_fail() && plan.on_error == OnError::cancel;
  if (sequential(plan)) {
    text =
        "asyncdemo's sync run as a Node.js program: each task is an async function, and main "
        "awaits them one after another, so nothing overlaps and the run takes the sum of the "
        "waits.";
    if (plan.timeout) {
      text += " An AbortController cancels the wait under way after " +
              format_duration(*plan.timeout) + "; the tasks left never start.";
    }
    if (failure_cancels) text += " A failure stops the run: the tasks after it never start.";
  } else {
    text = "asyncdemo's async run as a Node.js program: each task is an async function, and ";
    if (plan.on_error == OnError::continue_ && plan.can_fail()) {
      text +=
          "Promise.allSettled waits for all of them on Node's event loop, whether they fail "
          "or not.";
    } else {
      text += "Promise.all runs them together on Node's event loop.";
    }
    if (failure_cancels) {
      text +=
          " Promise.all gives up at the first failure but leaves the other tasks running: an "
          "AbortController cancels them, as a TaskGroup would.";
    }
    if (plan.timeout) {
      text += " The same AbortController cancels every task still running after " +
              format_duration(*plan.timeout) + ".";
    }
  }
  if (plan.uses("block")) {
    text += " A blocking call is Atomics.wait, which holds the thread as time.sleep does.";
  }
  if (plan.uses("work")) {
    text += " The work steps run on a pool of " + std::to_string(plan.threads) +
            (plan.threads == 1 ? " worker thread." : " worker threads.");
  }
  if (plan.uses("fetch")) text += " The fetch steps use Node's built-in fetch.";
  return text + "\nIt prints its own trace as JSON lines, as `asyncdemo --" +
         std::string(to_string(plan.mode)) +
         " --format jsonl` does, so that `asyncdemo check --lang node` can run both and compare "
         "them.";
}

std::string preamble(const ProgramPlan& plan) {
  std::string out;
  if (plan.uses("sleep")) out += "const timers = require(\"node:timers/promises\");\n";
  if (plan.uses("work")) {
    out +=
        "const { once } = require(\"node:events\");\n"
        "const { Worker } = require(\"node:worker_threads\");\n";
  }
  std::string settings;
  if (plan.timeout)
    settings += "const TIMEOUT = " + seconds_literal(*plan.timeout) + "; // seconds (--timeout)\n";
  if (cancellable(plan)) {
    settings +=
        "const stop = new AbortController(); // aborted to cancel the tasks, with the reason\n";
  }
  if (!out.empty() && !settings.empty()) out += "\n";
  return out + settings;
}

std::optional<Error> write_steps(const std::vector<PlannedStep>& steps, std::size_t depth,
                                 std::string& out) {
  const std::string indent(2 * depth, ' ');
  for (const PlannedStep& step : steps) {
    if (step.is_group) {
      out +=
          indent + "for (let round = 1; round <= " + std::to_string(step.times) + "; round++) {\n";
      if (auto error = write_steps(step.steps, depth + 1, out)) return error;
      out += indent + "}\n";
      continue;
    }
    const NodeStep* code = find_step(step.kind);
    if (code == nullptr) return no_form_for("node", step);
    out += indent + code->call(step) + "\n";
  }
  return std::nullopt;
}

Result<std::string> task_functions(const ProgramPlan& plan,
                                   const std::vector<std::string>& functions) {
  std::string out;
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    out += "\nasync function " + functions[i] + "(task) {\n";
    if (auto error = write_steps(plan.tasks[i].steps, 1, out)) return *error;
    out += "}\n";
  }
  if (settles(plan)) {
    out +=
        "\n// Every task by name, for spawn and await: its function, and its copies (0: one "
        "task).\nconst TASKS = {\n";
    std::string spawned;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      out += "  " + string_literal(plan.tasks[i].name) + ": [" + functions[i] + ", " +
             std::to_string(plan.tasks[i].copies) + "],\n";
      if (plan.tasks[i].spawned) {
        spawned += (spawned.empty() ? "" : ", ") + string_literal(plan.tasks[i].name);
      }
    }
    out += "};\n";
    if (!spawned.empty())
      out += "const SPAWNED = [" + spawned + "]; // started only by a spawn step\n";
  }
  return out;
}

// The tasks as an array of their promises, one line per task or set of copies.
std::string task_array(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  std::string out = "[\n";
  for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
    const PlannedTask& task = plan.tasks[i];
    if (task.spawned) continue;  // a spawn step starts it
    const std::string start = "new Traced(" + task_name(task) + ")." +
                              (settles(plan) ? "start(" : "run(") + functions[i] + ")";
    out += task.copies == 0 ? "  " + start + ",\n"
                            : "  ...Array.from({ length: " + std::to_string(task.copies) +
                                  " }, (_, i) => " + filled(start, {{"${i}", "${i + 1}"}}) + "),\n";
  }
  return out + "]";
}

std::string main_function(const ProgramPlan& plan, const std::vector<std::string>& functions) {
  std::string body;
  if (sequential(plan)) {
    body = "// One after another: each task is awaited to its end before the next one starts.\n";
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const PlannedTask& task = plan.tasks[i];
      if (task.spawned) continue;  // a spawn step starts it
      const std::string start = "await new Traced(" + task_name(task) + ")." +
                                (settles(plan) ? "start(" : "run(") + functions[i] + ");";
      body += task.copies == 0 ? start + "\n"
                               : "for (let i = 1; i <= " + std::to_string(task.copies) +
                                     "; i++) {\n  " + start + "\n}\n";
    }
  } else if (settles(plan)) {
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) {
      const PlannedTask& task = plan.tasks[i];
      if (task.spawned) continue;  // a spawn step starts it
      const std::string start = "new Traced(" + task_name(task) + ").start(" + functions[i] + ");";
      body += task.copies == 0 ? start + "\n"
                               : "for (let i = 1; i <= " + std::to_string(task.copies) +
                                     "; i++) {\n  " + start + "\n}\n";
    }
    body += "await Traced.allEnded(); // as a TaskGroup waits for its tasks, spawned ones too\n";
    if (plan.timeout) {
      body = "const timeout = setTimeout(() => stop.abort(\"timeout\"), TIMEOUT * 1000);\n" + body +
             "clearTimeout(timeout);\n";
    }
  } else {
    const bool settled = plan.on_error == OnError::continue_ && plan.can_fail();
    const bool failure_cancels = plan.can_fail() && plan.on_error == OnError::cancel;
    if (!plan.timeout && !failure_cancels) {
      body = settled
                 ? "// Every task runs to its end: a failure stays in its promise's result, as\n"
                   "// gather(..., return_exceptions=True) keeps it.\n"
                   "await Promise.allSettled(" +
                       task_array(plan, functions) + ");\n"
                 : "await Promise.all(" + task_array(plan, functions) + ");\n";
    } else {
      body = "const tasks = " + task_array(plan, functions) + ";\n";
      if (settled) {
        body = "const tasks = " + task_array(plan, functions) +
               ";\n"
               "// Every task runs to its end: a failure stays in its promise's result.\n"
               "await Promise.allSettled(tasks);\n";
      } else {
        body += "try {\n  await Promise.all(tasks);\n} catch {\n";
        if (failure_cancels) {
          body +=
              "  // Promise.all rejects at the first failure but leaves the others running: "
              "cancel\n"
              "  // them, as a TaskGroup does, and wait until they have stopped.\n"
              "  stop.abort(\"failure\");\n";
        } else {
          body +=
              "  // Promise.all rejects at the first task cancelled: wait for the others to "
              "stop.\n";
        }
        body += "  await Promise.allSettled(tasks);\n}\n";
      }
      if (plan.timeout) {
        body = "const timeout = setTimeout(() => stop.abort(\"timeout\"), TIMEOUT * 1000);\n" +
               body + "clearTimeout(timeout);\n";
      }
    }
  }
  if (sequential(plan) && plan.timeout) {
    body = "const timeout = setTimeout(() => stop.abort(\"timeout\"), TIMEOUT * 1000);\n" + body +
           "clearTimeout(timeout);\n";
  }
  return "\nasync function main() {\n" + indented(body, 2) + "}\n";
}

constexpr std::string_view kPool = R"(
// The threads that run the work steps: a job waits in the queue until one of them is free, then
// blocks it for its duration.
class Pool {
  constructor(size) {
    const job = `
      const { parentPort } = require("node:worker_threads");
      parentPort.on("message", (seconds) => {
        parentPort.postMessage({ started: true });
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
        parentPort.postMessage({ done: performance.timeOrigin + performance.now() });
      });`;
    this.workers = Array.from({ length: size }, () => new Worker(job, { eval: true }));
    this.idle = [...this.workers];
    this.queue = [];
  }

  // Resolves once every thread is up, so that none is still starting when the run begins.
  ready() {
    return Promise.all(this.workers.map((worker) => once(worker, "online")));
  }

  // Runs a job of `seconds` on a free thread; resolves with the moment it ended, on this
  // thread's performance.now() clock.
  run(seconds, started@SIGNAL_PARAMETER@) {
    return new Promise((resolve, reject) => {
      const job = { seconds, started, resolve };
@ABORT@      this.queue.push(job);
      this.next();
    });
  }

  next() {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift();
      const job = this.queue.shift();
      const listen = (message) => {
        if (message.started) return job.started();
        worker.off("message", listen);
        this.idle.push(worker);
        job.resolve(message.done - performance.timeOrigin);
        this.next();
      };
      worker.on("message", listen);
      worker.postMessage(job.seconds);
    }
  }

  // A job still on a thread is dropped, and says nothing more.
  close() {
    for (const worker of this.workers) {
      worker.removeAllListeners("message");
      worker.terminate();
    }
  }
}
)";

constexpr std::string_view kPoolAbort =
    R"(      // Cancelled, a job still queued leaves the queue; one on a thread ends there, unheard.
      signal.addEventListener("abort", () => {
        this.queue = this.queue.filter((queued) => queued !== job);
        reject(signal.reason);
      }, { once: true });
)";

bool uses_limits(const ProgramPlan& plan) {
  return plan.uses("acquire") || plan.uses("release") || plan.declarations.every_task;
}

constexpr std::string_view kWaitInLine = R"(
// Where the coordination steps wait: in line, until someone lets the waiter go (calls it), or the
// run is aborted, which takes it out of the line.
function waitInLine(line, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    line.push(resolve);
    signal?.addEventListener("abort", () => {
      if (line.includes(resolve)) line.splice(line.indexOf(resolve), 1);
      reject(signal.reason);
    }, { once: true });
  });
}
)";

constexpr std::string_view kLimit = R"(
// --limit, as asyncio's BoundedSemaphore: so many slots, the tasks that wait served in turn.
class Limit {
  constructor(size) {
    this.size = size;
    this.free = size;
    this.line = [];
    this.holders = []; // who holds it, for the trace
  }

  async acquire(signal) {
    if (this.free > 0 && this.line.length === 0) this.free -= 1;
    else await waitInLine(this.line, signal); // a release hands its slot on
  }

  release() {
    if (this.free === this.size) throw new Error("released more often than it was acquired");
    const next = this.line.shift();
    if (next) next();
    else this.free += 1;
  }
}
)";

constexpr std::string_view kItemQueue = R"(
// --queue, as asyncio's Queue: put waits while it is full (a maxsize of 0: never), get while
// it is empty; each first come, first served.
class ItemQueue {
  constructor(maxsize) {
    this.maxsize = maxsize;
    this.items = [];
    this.getters = [];
    this.putters = [];
  }

  async put(item, signal) {
    while (this.maxsize > 0 && this.items.length >= this.maxsize) {
      await waitInLine(this.putters, signal);
    }
    this.items.push(item);
    this.getters.shift()?.();
  }

  async get(signal) {
    while (this.items.length === 0) await waitInLine(this.getters, signal);
    const item = this.items.shift();
    this.putters.shift()?.();
    return item;
  }
}
)";

constexpr std::string_view kEventFlag = R"(
// --event, as asyncio's Event: once set, it lets every waiter go, and later waits return at once.
class EventFlag {
  constructor() {
    this.isSet = false;
    this.line = [];
  }

  // Returns how many waiters it let go.
  set() {
    const woken = this.isSet ? 0 : this.line.length;
    this.isSet = true;
    for (const wake of this.line.splice(0)) wake();
    return woken;
  }

  async wait(signal) {
    if (!this.isSet) await waitInLine(this.line, signal);
  }
}
)";

// The helpers the coordination steps need, what the options declare, and namesOf().
std::string coordination(const ProgramPlan& plan) {
  std::string out;
  const bool events = plan.uses("set") || plan.uses("wait") || !plan.declarations.events.empty() ||
                      awaits_spawned(plan);
  if (uses_limits(plan) || !plan.declarations.limits.empty() || plan.uses("put") ||
      plan.uses("get") || !plan.declarations.queues.empty() || events) {
    out += kWaitInLine;
  }
  std::string limits;
  for (const Declarations::Limit& limit : plan.declarations.limits) {
    limits += (limits.empty() ? "" : ", ") + string_literal(limit.name) + ": new Limit(" +
              std::to_string(limit.size) + ")";
  }
  if (plan.declarations.every_task) {
    limits += (limits.empty() ? "" : ", ") + std::string("limit: new Limit(") +
              std::to_string(*plan.declarations.every_task) + ")";
  }
  std::string queues;
  for (const Declarations::Queue& queue : plan.declarations.queues) {
    queues += (queues.empty() ? "" : ", ") + string_literal(queue.name) + ": new ItemQueue(" +
              std::to_string(queue.maxsize) + ")";
  }
  std::string flags;
  for (const std::string& name : plan.declarations.events) {
    flags += (flags.empty() ? "" : ", ") + string_literal(name) + ": new EventFlag()";
  }
  if (!limits.empty()) out += kLimit;
  if (!queues.empty()) out += kItemQueue;
  if (!flags.empty() || awaits_spawned(plan)) out += kEventFlag;
  std::string declared;
  if (!limits.empty()) declared += "const LIMITS = { " + limits + " }; // --limit: so many slots\n";
  if (!queues.empty()) declared += "const QUEUES = { " + queues + " }; // --queue NAME=MAXSIZE\n";
  if (!flags.empty()) declared += "const EVENTS = { " + flags + " }; // --event NAME\n";
  if (!declared.empty()) out += "\n" + declared;
  if (settles(plan)) {
    out += R"(
// The task of that name, or each copy of NAME*COUNT, in order.
function namesOf(name) {
  const copies = TASKS[name][1];
  return copies === 0 ? [name] : Array.from({ length: copies }, (_, i) => `${name}${i + 1}`);
}
)";
  }
  return out;
}

std::string traced_class(const ProgramPlan& plan) {
  const bool failure_cancels = plan.can_fail() && plan.on_error == OnError::cancel;
  const bool limits = uses_limits(plan);
  std::string out = "\nclass Traced {\n";
  if (settles(plan)) {
    out += "  static created = new Map(); // name: its run's promise, which says how it ended\n";
  }
  if (awaits_spawned(plan)) {
    out += "  static spawns = new Map(); // name: an EventFlag set once a spawn step created it\n";
  }
  if (settles(plan)) out += "\n";
  out += R"(  constructor(name) {
    this.name = name;
    this.at = ""; // the step under way: where a cancellation or a failure finds the task
)";
  if (limits) out += "    this.held = []; // the limits it holds, in the order it took them\n";
  out += "  }\n";
  if (awaits_spawned(plan)) {
    out += R"(
  static spawned(name) {
    if (!Traced.spawns.has(name)) Traced.spawns.set(name, new EventFlag());
    return Traced.spawns.get(name);
  }
)";
  }
  if (settles(plan)) {
    out += R"(
  // Runs the task from the next microtask on, as asyncio.create_task runs it from the loop's
  // next turn, keeping its promise by name, for spawn and await.
  start(steps) {
    if (!Traced.created.has(this.name)) {
      Traced.created.set(this.name, Promise.resolve().then(() => this.run(steps)));
    }
    return Traced.created.get(this.name);
  }

  // Until every task, spawned ones too, has ended.
  static async allEnded() {
    for (let count = -1; count !== Traced.created.size; ) {
      count = Traced.created.size;
      await Promise.all(Traced.created.values());
    }
  }
)";
  }
  out += "\n  async run(steps) {\n";
  std::string body;
  if (sequential(plan) && cancellable(plan)) {
    body += std::string(R"(if (stop.signal.aborted) {
  // A timeout or a failure stopped the run before this task.
  trace("cancel", { task: this.name, reason: stop.signal.reason });
  counts.cancelled += 1;
  return)") +
            (settles(plan) ? " \"cancelled\"" : "") + ";\n}\n";
  }
  body += "trace(\"start\", { task: this.name });\n";
  const std::string give_back = limits ? "this.releaseHeld();\n" : "";
  std::string steps;
  if (plan.declarations.every_task) {
    steps += "await this.acquire(\"limit\"); // --limit " +
             std::to_string(*plan.declarations.every_task) + ": at most so many tasks at a time\n";
  }
  steps += "await steps(this);\n";
  if (!cancellable(plan) && !plan.can_fail()) {
    body += steps;
  } else {
    body += "try {\n" + indented(steps, 2) + "} catch (error) {\n";
    std::string handler = give_back;
    const std::string fail =
        R"(trace("fail", { task: this.name, at: this.at, message: error.message });
counts.failed += 1;
)";
    const std::string cancel =
        R"(trace("cancel", { task: this.name, at: this.at, reason: stop.signal.reason });
counts.cancelled += 1;
)";
    // Where each task ends itself (spawn, await), a failure aborts the others as it happens.
    const bool aborts = failure_cancels && (sequential(plan) || settles(plan));
    if (cancellable(plan) && plan.can_fail()) {
      handler += "if (cancelled(error)) {\n" + indented(cancel, 2) +
                 (settles(plan) ? "  return \"cancelled\";\n" : "") + "} else {\n" +
                 indented(fail, 2) + (aborts ? "  stop.abort(\"failure\");\n" : "") + "}\n";
    } else if (cancellable(plan)) {
      handler += cancel + (settles(plan) ? "return \"cancelled\";\n" : "");
    } else {
      handler += fail;
    }
    if (settles(plan)) {
      if (plan.can_fail()) handler += "return error.message;\n";
    } else {
      handler += sequential(plan) ? "return;\n" : "throw error;\n";
    }
    body += indented(handler, 2) + "}\n";
  }
  body += give_back + "trace(\"end\", { task: this.name });\ncounts.finished += 1;\n";
  out += indented(body, 4) + "  }\n";
  if (limits) {
    out += R"(
  // Releases one slot of the limit and says so; `at` is "end" when the task's end does.
  giveBack(name, at) {
    const limit = LIMITS[name];
    limit.release();
    if (this.held.includes(name)) this.held.splice(this.held.lastIndexOf(name), 1);
    if (limit.holders.includes(this.name)) limit.holders.splice(limit.holders.indexOf(this.name), 1);
    trace("release", { task: this.name, on: name, holders: limit.holders.length, ...(at ? { at } : {}) });
  }

  // The slots a task still holds as it ends go back, the last taken first.
  releaseHeld() {
    for (const name of [...this.held].reverse()) {
      if (LIMITS[name].free < LIMITS[name].size) this.giveBack(name, "end");
    }
    this.held = [];
  }
)";
  }
  for (const NodeStep& step : kNodeSteps) {
    if (plan.uses(step.kind)) out += "\n" + step.method(plan);
  }
  return step_text(plan, out + "}\n");
}

std::string run_function(const ProgramPlan& plan) {
  std::string out = "\nasync function run() {\n";
  if (plan.uses("work")) {
    out += "  await POOL.ready(); // the threads are up before the clock starts\n";
  }
  if (plan.uses("fetch")) {
    out +=
        "  await fetch(\"data:,\"); // the first fetch loads Node's HTTP client: before the clock "
        "starts\n";
  }
  out += "  start = performance.now();\n  const facts = { clock: \"real\", tasks: " +
         std::to_string(plan.task_count) + ", theory: " + seconds_literal(plan.theory) +
         " };\n  trace(\"run_start\", facts);\n  await main();\n";
  if (plan.uses("work")) out += "  POOL.close();\n";
  if (plan.uses("spawn")) {
    out +=
        std::string("  for (const name of SPAWNED) {\n    for (const child of namesOf(name)) {\n") +
        "      if (Traced.created.has(child)) continue; // else what should have spawned it "
        "stopped first\n" +
        (cancellable(plan)
             ? "      const stopped = stop.signal.aborted ? { reason: stop.signal.reason } : {};\n"
             : "      const stopped = {};\n") +
        "      trace(\"cancel\", { task: child, ...stopped });\n      counts.cancelled += 1;\n    "
        "}\n  }\n";
  }
  out += "  trace(\"run_end\", { elapsed: round(now()), ...facts, ...counts });\n";
  std::string status = plan.can_fail() ? "counts.failed > 0 ? 1 : 0" : "";
  if (plan.timeout) {
    status = "stop.signal.reason === \"timeout\" ? 124 : " + (status.empty() ? "0" : status);
  }
  if (!status.empty()) out += "  process.exitCode = " + status + ";\n";
  return out + "}\n\nrun();\n";
}

}  // namespace

Result<std::string> write_node_program(const ProgramPlan& plan) {
  const std::vector<std::string> functions = identifiers(plan);
  Result<std::string> tasks = task_functions(plan, functions);
  if (!tasks) return tasks.error();
  std::string program = "#!/usr/bin/env node\n" + opening_comment("//", plan, about(plan)) +
                        "\"use strict\";\n" + preamble(plan) + *tasks +
                        main_function(plan, functions);
  program += R"(
// The trace. Each step above is a method of Traced below that does what its name says and prints
// what happened as a line of asyncdemo's JSON-lines trace.

const out = process.stdout; // made now, since the first use of it takes a while
let start = 0; // performance.now() as the run begins
const counts = { finished: 0, cancelled: 0, failed: 0 };

// Seconds since the run began.
function now() {
  return (performance.now() - start) / 1000;
}

function round(seconds) {
  return Math.round(seconds * 1e6) / 1e6;
}

@CANCELLED@// One line of the trace, as asyncdemo writes it.
function trace(event, fields) {
  out.write(JSON.stringify({ t: round(now()), mode: "@MODE@", event, ...fields }) + "\n");
}
)";
  program = filled(program,
                   {{"@MODE@", to_string(plan.mode)},
                    {"@CANCELLED@", cancellable(plan) && plan.can_fail()
                                        ? "// Whether the error is the run's cancellation (the "
                                          "abort's reason, or a timer's AbortError).\n"
                                          "function cancelled(error) {\n  return "
                                          "stop.signal.aborted && (error === stop.signal.reason || "
                                          "error?.name === \"AbortError\");\n}\n\n"
                                        : ""}});
  if (plan.uses("work")) {
    program +=
        with_signal(plan, filled(kPool, {{"@ABORT@", cancellable(plan) ? kPoolAbort : ""}})) +
        "\nconst POOL = new Pool(" + std::to_string(plan.threads) +
        "); // the threads that run the work steps\n";
  }
  return program + coordination(plan) + traced_class(plan) + run_function(plan);
}

std::vector<Requirement> node_requirements(const ProgramPlan&) {
  return {};
}

}  // namespace asyncdemo::codegen
