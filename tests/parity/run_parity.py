#!/usr/bin/env python3
"""Parity: asyncdemo's virtual clock against Python's asyncio, on seeded random scenarios.

Each scenario (sleep, sleep:0, print, block, work with a pool of 1 to 3 threads, fail under both
--on-error policies, --timeout, sync and async) runs twice: as `asyncdemo --clock virtual
--format jsonl`, and as the equivalent Python program on CPython's own asyncio
(asyncio_model.py). The two traces are compared event by event: times, tasks, events and their
fields, strictly in order, except where asyncio's own order is not defined (a TaskGroup, and
asyncio.run after a failure, cancel from a set: there a run of cancellations at one instant is
compared as a set). Then the outcome: how many tasks finished, were cancelled, failed, and the
exit status. Prints how many cases agree, and the first differences; exits 1 if any case
disagrees.

    run_parity.py --binary build/release/app/asyncdemo [--cases N] [--seed S] [--show N]
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import asyncio_model  # noqa: E402

FIELDS = {
    "spawn": ("child",),
    "await": ("target",),
    "awaited": ("target", "waited"),
    "acquire": ("on",),
    "acquired": ("on", "waited", "holders"),
    "release": ("on", "holders", "at"),
    "put": ("on", "item"),
    "queued": ("on", "item", "waited", "size"),
    "get": ("on",),
    "got": ("on", "item", "from", "waited", "size"),
    "wait": ("on",),
    "woken": ("on", "waited"),
    "set": ("on", "woken"),
    "print": ("text",),
    "sleep": ("seconds",),
    "wake": ("late",),
    "block": ("seconds",),
    "unblock": ("held",),
    "work_queue": ("seconds",),
    "work_start": ("waited",),
    "work_end": ("late",),
    "fail": ("at", "message"),
    "cancel": ("at", "reason", "waiting_for"),
}

# The examples, always run besides the random ones: each once disagreed with asyncio.
EXAMPLES = [
    ("async", None, "cancel", 4, ["a=sleep:0,fail:boom", "b=sleep:0,print:b"]),
    ("async", None, "cancel", 4, ["a=sleep:50ms,fail:boom", "b=sleep:50ms,print:b"]),
    ("async", 0, "cancel", 4, ["b=print:b1"]),
    ("async", 0, "cancel", 4, ["b=print:b1", "c=fail:x"]),
    ("async", 0.1, "cancel", 4, ["a=sleep:0,block:150ms,print:a", "b=sleep:50ms,print:b"]),
    ("async", None, "cancel", 4, ["a=sleep:0,block:100ms,sleep:0,print:A", "b=sleep:50ms,print:B"]),
    ("async", None, "cancel", 4, ["b=sleep:50ms,block:50ms", "c=block:50ms,sleep:0,print:c"]),
    ("async", None, "cancel", 1, ["a=work:50ms,block:50ms", "b=block:100ms,sleep:0,print:b"]),
    ("async", 0.05, "cancel", 4, ["a=sleep:150ms", "b=sleep:100ms"]),
    ("async", None, "cancel", 4, ["a=fail:boom", "b=work:50ms", "c=block:50ms"]),
    ("async", 0.1, "cancel", 4, ["a=block:100ms"]),
    ("async", 0.1, "continue", 4, ["a=sleep:102ms", "b=sleep:101ms", "c=block:200ms"]),
]

# The coordination issue's examples: a lock-ordering deadlock, producer and consumers, fan-out
# and fan-in, awaiting a failed task under both policies, a limit served first come, first
# served, an event with several waiters, a full queue; in both modes.
COORDINATION = ["--limit", "db=1", "--limit", "cache=1", "--limit", "pool=2", "--queue",
                "jobs=2", "--event", "go"]
EXAMPLES += [(mode, None, on_error, 2, tasks, COORDINATION) for mode in ("async", "sync")
             for on_error, tasks in [
    ("cancel", ["a=acquire:db,sleep:10ms,acquire:cache", "b=acquire:cache,sleep:10ms,acquire:db"]),
    ("cancel", ["p=(put:jobs=job,sleep:10ms)*4,print:done", "c1=(get:jobs,work:30ms)*2",
                "c2=(get:jobs,work:30ms)*2"]),
    ("cancel", ["parent=spawn:w0,spawn:w1,await:w0,await:w1,print:all done", "w0=sleep:100ms",
                "w1=sleep:50ms"]),
    ("continue", ["a=await:b,print:never", "b=sleep:10ms,fail:boom"]),
    ("cancel", ["a=await:b,print:never", "b=sleep:10ms,fail:boom", "c=sleep:1s"]),
    ("cancel", ["a=acquire:pool,sleep:50ms", "b=acquire:pool,sleep:50ms", "c=acquire:pool,print:c",
                "d=acquire:pool,print:d"]),
    ("cancel", ["w1=wait:go,print:one", "w2=wait:go,print:two", "s=sleep:10ms,set:go"]),
    ("cancel", ["p=put:jobs=1,put:jobs=2,put:jobs=3,print:put all", "c=sleep:10ms,get:jobs"]),
]]


def spec_of(name, steps):
    return name + "=" + ",".join(steps)


def random_duration(rng):
    return f"{rng.randrange(1, 11) * 10}ms"


def random_step(rng):
    kind = rng.choices(["sleep", "sleep0", "print", "block", "work", "fail"],
                       weights=[30, 12, 14, 14, 20, 5])[0]
    if kind == "sleep0":
        return "sleep:0"
    if kind == "print":
        return f"print:p{rng.randrange(100)}"
    if kind == "fail":
        return f"fail:f{rng.randrange(100)}"
    return f"{kind}:{random_duration(rng)}"


DECLARATIONS = ["--limit", "L=1", "--limit", "M=2", "--queue", "Q=1", "--queue", "U=0",
                "--event", "E"]


def coordination_step(rng, index, count, spawned, awaited):
    """A step that coordinates with the others, or None when none fits task `index`."""
    later = [j for j in range(index + 1, count)]
    kind = rng.choice(["acquire", "release", "put", "get", "set", "wait", "await", "spawn"])
    if kind in ("acquire", "release"):
        return f"{kind}:{rng.choice(['L', 'M'])}"
    if kind == "put":
        return f"put:{rng.choice(['Q', 'U'])}=i{rng.randrange(10)}"
    if kind == "get":
        return f"get:{rng.choice(['Q', 'U'])}"
    if kind in ("set", "wait"):
        return f"{kind}:E"
    if kind == "await" and later:
        target = rng.choice(later)
        awaited.add(target)
        return f"await:t{target}"
    free = [j for j in later if j not in spawned]
    if kind == "spawn" and free:
        target = rng.choice(free)
        spawned.add(target)
        return f"spawn:t{target}"
    return None


def random_scenario(rng):
    coordinated = rng.random() < 0.5
    count = rng.randrange(1, 5)
    spawned, awaited = set(), set()
    tasks = []
    for index in range(count):
        steps = []
        for _ in range(rng.randrange(1, 5)):
            step = None
            if coordinated and rng.random() < 0.5:
                step = coordination_step(rng, index, count, spawned, awaited)
            steps.append(step or random_step(rng))
        if coordinated and len(steps) >= 2 and rng.random() < 0.25:
            at = rng.randrange(0, len(steps) - 1)
            group = [s for s in steps[at:at + 2] if not s.startswith("spawn:")]
            if group:
                steps[at:at + 2] = [f"({','.join(group)})*{rng.randrange(2, 4)}"]
        tasks.append(spec_of(f"t{index}", steps))
    timeout = None
    if rng.random() < 0.6:
        timeout = 0 if rng.random() < 0.1 else rng.randrange(1, 31) / 100
    mode = "sync" if rng.random() < 0.2 else "async"
    return (mode, timeout, rng.choice(["cancel", "continue"]), rng.randrange(1, 4), tasks,
            DECLARATIONS if coordinated else [])


def model_form(tasks, on_error):
    if any("spawn:" in s for s in tasks):
        return "task_group_continue" if on_error == "continue" else "task_group"
    if on_error == "continue":
        return "continue"
    return "task_group" if any("fail:" in s for s in tasks) else "gather"


def split_steps(body):
    """A task's steps, with groups "(STEP,...)*N" as ["group", N, [steps]]."""
    steps, depth, current = [], 0, ""
    for c in body:
        if c == "(" and (current == "" or depth > 0 and current[-1] in ",("):
            depth += 1
        elif c == ")" and depth > 0:
            depth -= 1
        if c == "," and depth == 0:
            steps.append(current)
            current = ""
        else:
            current += c
    steps.append(current)
    out = []
    for step in steps:
        if step.startswith("("):
            close = step.rindex(")")
            out.append(["group", int(step[close + 2:]), split_steps(step[1:close])])
        else:
            out.append(step)
    return out


def declared(declarations):
    limits, queues, events, every = {}, {}, [], None
    for option, value in zip(declarations[::2], declarations[1::2]):
        if option == "--limit" and "=" in value:
            name, size = value.split("=")
            limits[name] = int(size)
        elif option == "--limit":
            every = int(value)
        elif option == "--queue":
            name, size = value.split("=")
            queues[name] = int(size)
        else:
            events.append(value)
    return {"limits": limits, "queues": queues, "events": events, "every_task": every}


def normal_at(at):
    if not at:
        return ""
    kind, _, argument = at.partition(":")
    if kind in ("sleep", "block", "work"):
        return f"{kind}:{round(asyncio_model.parse_seconds(argument), 6)}"
    return at


def normal(event):
    out = {"t": round(float(event["t"]), 6), "event": event["event"], "task": event.get("task")}
    for field in FIELDS.get(event["event"], ()):
        value = event.get(field)
        if field == "at":
            value = normal_at(value)
        elif isinstance(value, float):
            value = round(value, 6)
        out[field] = value
    return out


def run_asyncdemo(binary, mode, timeout, on_error, threads, tasks, declarations=()):
    args = [binary, "--clock", "virtual", "--format", "jsonl", "--" + mode, "--on-error", on_error,
            "--threads", str(threads)] + list(declarations)
    if timeout is not None:
        args += ["--timeout", f"{round(timeout * 1000)}ms"]
    done = subprocess.run(args + tasks, capture_output=True, text=True, timeout=60)
    events, end = [], None
    for line in done.stdout.splitlines():
        event = json.loads(line)
        if event["event"] == "run_end":
            end = event
        elif event["event"] != "run_start":
            events.append(normal(event))
    if end is None:
        raise RuntimeError(f"no run_end from {' '.join(args + tasks)}: {done.stderr}")
    outcome = {124: "timeout", 1: "failure", 0: "finished"}.get(done.returncode, "?")
    return events, (end["finished"], end["cancelled"], end["failed"], outcome)


def run_model(mode, timeout, on_error, threads, tasks, declarations=()):
    parsed = [(s.split("=", 1)[0], split_steps(s.split("=", 1)[1])) for s in tasks]
    spawned = [step.split(":")[1] for s in tasks for step in s.split("=", 1)[1].replace("(", ",")
               .replace(")", ",").split(",") if step.startswith("spawn:")]
    scenario = {"mode": mode, "timeout": timeout, "threads": threads,
                "form": model_form(tasks, on_error), "tasks": parsed, "spawned": spawned}
    scenario.update(declared(list(declarations)))
    run, outcome = asyncio_model.run_scenario(scenario)
    if outcome == "finished" and run.failed > 0:
        outcome = "failure"
    return ([normal(event) for event in run.events],
            (run.finished, run.cancelled, run.failed, outcome))


def order_free_runs(events, unordered):
    """Sorts each run of cancellations at one instant where asyncio cancels from a set: a
    cancellation with the releases its task's end made just before it, as one unit."""
    if not unordered:
        return events
    units, i = [], 0
    while i < len(events):
        j = i
        while (j < len(events) and events[j]["event"] == "release" and events[j].get("at") == "end"
               and events[j]["task"] == events[i]["task"]):
            j += 1
        if j < len(events) and events[j]["event"] == "cancel" and events[j]["task"] == events[i]["task"]:
            units.append(events[i:j + 1])
            i = j + 1
        else:
            units.append([events[i]])
            i += 1
    out, i = [], 0
    while i < len(units):
        j = i
        while (j < len(units) and units[j][-1]["event"] == "cancel"
               and units[j][-1]["t"] == units[i][-1]["t"] and units[i][-1]["event"] == "cancel"):
            j += 1
        if j > i + 1:
            for unit in sorted(units[i:j], key=lambda u: json.dumps(u, sort_keys=True)):
                out += unit
            i = j
        else:
            out += units[i]
            i += 1
    return out


def first_difference(ours, theirs):
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            return index
    return min(len(ours), len(theirs))


def on_alarm(signum, frame):
    raise TimeoutError("the Python model took more than 30 s")


def compare(binary, case):
    mode, timeout, on_error, threads, tasks = case[:5]
    ours, our_end = run_asyncdemo(binary, *case)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(30)
    try:
        theirs, their_end = run_model(*case)
    finally:
        signal.alarm(0)
    unordered = mode == "async" and model_form(tasks, on_error) != "continue"
    ours_cmp = order_free_runs(ours, unordered)
    theirs_cmp = order_free_runs(theirs, unordered)
    if ours_cmp == theirs_cmp and our_end == their_end:
        return None
    index = first_difference(ours_cmp, theirs_cmp)
    lines = [f"  asyncdemo --clock virtual --{mode} --on-error {on_error} --threads {threads}"
             + (f" --timeout {round(timeout * 1000)}ms" if timeout is not None else "")
             + "".join(f" {d}" for d in (case[5] if len(case) > 5 else []))
             + " " + " ".join(f"'{t}'" for t in tasks),
             f"  outcome (finished, cancelled, failed, exit): asyncdemo {our_end}, asyncio {their_end}",
             f"  first difference at event {index}:"]
    for label, events in (("asyncdemo", ours_cmp), ("asyncio  ", theirs_cmp)):
        for event in events[max(0, index - 2): index + 3]:
            lines.append(f"    {label} {json.dumps(event)}")
    return "\n".join(lines)


def scaled(case, scale):
    mode, timeout, on_error, threads, tasks = case
    out = []
    for spec in tasks:
        name, steps = spec.split("=", 1)
        parts = []
        for step in steps.split(","):
            kind, _, argument = step.partition(":")
            if kind in ("sleep", "block", "work") and argument != "0":
                argument = f"{round(asyncio_model.parse_seconds(argument) * scale * 1000)}ms"
            parts.append(f"{kind}:{argument}")
        out.append(name + "=" + ",".join(parts))
    return mode, None if timeout is None else timeout * scale, on_error, threads, out


def check_model_in_real_time(scale):
    """Runs the examples with Python's asyncio in real time (real clock, real threads) and in
    this model's virtual time, and compares the order of what happened: what the model would
    otherwise only claim. Real time is slow and a loaded machine shifts it, so it is a check to
    run by hand (--real), with durations scaled up: never part of the suite."""
    agree = 0
    for case in EXAMPLES:
        mode, timeout, on_error, threads, tasks = scaled(case, scale)
        scenario = {"mode": mode, "timeout": timeout, "threads": threads,
                    "form": model_form(tasks, on_error),
                    "tasks": [(s.split("=", 1)[0], s.split("=", 1)[1].split(",")) for s in tasks]}
        order = []
        for real in (False, True):
            run, outcome = asyncio_model.run_async(scenario, real_time=real)
            order.append(([(e["event"], e["task"], e.get("text"), e.get("at")) for e in run.events],
                          outcome))
        if order[0] == order[1]:
            agree += 1
        else:
            print("model and real asyncio disagree on", tasks, "\n ", order[0], "\n ", order[1])
    print(f"model against real-time asyncio: {len(EXAMPLES)} examples x{scale}, {agree} agree")
    return 0 if agree == len(EXAMPLES) else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary")
    parser.add_argument("--real", type=float, metavar="SCALE",
                        help="instead, check the model against real-time asyncio, durations x SCALE")
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=3, help="differences to print at most")
    options = parser.parse_args()
    if options.real:
        return check_model_in_real_time(options.real)
    if not options.binary:
        parser.error("--binary is required")
    rng = random.Random(options.seed)
    cases = EXAMPLES + [random_scenario(rng) for _ in range(options.cases)]
    disagreements = []
    for case in cases:
        difference = compare(options.binary, case)
        if difference is not None:
            disagreements.append(difference)
    agree = len(cases) - len(disagreements)
    for difference in disagreements[: options.show]:
        print("disagrees:\n" + difference)
    print(f"parity with asyncio: {len(cases)} cases ({len(EXAMPLES)} examples, "
          f"{options.cases} random with seed {options.seed}), {agree} agree, "
          f"{len(disagreements)} disagree")
    return 0 if not disagreements else 1


if __name__ == "__main__":
    sys.exit(main())
