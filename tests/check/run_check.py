#!/usr/bin/env python3
"""`asyncdemo check` on seeded random scenarios and on the README's examples, in one language.

Each scenario is generated on a grid of 100 ms (times a --scale), run by `asyncdemo check`,
which runs it on asyncdemo's virtual clock and as the generated program in real time and
compares the two; every case must agree (exit 0). Random scenarios cover every step kind but
fetch (sleep, sleep:0, print, block, work on 1 to 3 threads, fail under both --on-error
policies, --timeout, sync and async, and the coordination steps: limits, queues, an event,
spawn, await, groups), and are kept only when real time can decide their order:
asyncdemo's own trace (virtual clock) is read first, and a scenario is drawn again when two of
its instants are closer than the grid allows, or when one instant mixes what real time cannot
order (a pool thread's event with another task's, a failure with another task's wake, a
timeout with anything but cancellations). --fetch checks two fetches from `asyncdemo serve`.

    run_check.py --binary build/release/app/asyncdemo --lang trio --interpreter /usr/bin/python3
                 [--cases N] [--seed S] [--scale F] [--examples] [--fetch]
"""

import argparse
import json
import random
import re
import subprocess
import sys

GRID = 0.1  # seconds: every duration a multiple of it, before --scale


def spec_of(name, steps):
    return name + "=" + ",".join(steps)


def random_step(rng, allow_yield):
    kinds = ["sleep", "print", "block", "work", "fail"] + (["sleep0"] if allow_yield else [])
    kind = rng.choices(kinds, weights=[34, 14, 12, 22, 6] + ([8] if allow_yield else []))[0]
    if kind == "sleep0":
        return "sleep:0"
    if kind == "print":
        return f"print:p{rng.randrange(100)}"
    if kind == "fail":
        return f"fail:f{rng.randrange(100)}"
    return f"{kind}:{rng.randrange(1, 4) * 100}ms"


DECLARATIONS = ["--limit", "L=1", "--limit", "M=2", "--queue", "Q=1", "--queue", "U=0",
                "--event", "E"]


def coordination_step(rng, index, count, spawned):
    """A step that coordinates with the other tasks, or None when none fits task `index`."""
    later = list(range(index + 1, count))
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
        return f"await:t{rng.choice(later)}"
    free = [j for j in later if j not in spawned]
    if kind == "spawn" and free:
        target = rng.choice(free)
        spawned.add(target)
        return f"spawn:t{target}"
    return None


def random_case(rng, lang):
    """A scenario: (mode, timeout in seconds or None, on_error, threads, task specs, options)."""
    coordinated = rng.random() < 0.5
    count = rng.randrange(1, 4)
    spawned = set()
    tasks = []
    for index in range(count):
        steps = []
        for _ in range(rng.randrange(1, 4)):
            step = coordination_step(rng, index, count, spawned) if (
                coordinated and rng.random() < 0.5) else None
            steps.append(step or random_step(rng, lang == "python"))
        if coordinated and len(steps) >= 2 and rng.random() < 0.3:
            group = [step for step in steps[:2] if not step.startswith("spawn:")]
            if group:
                steps[:2] = [f"({','.join(group)})*{rng.randrange(2, 4)}"]
        # Each task starts at its own offset, so that tasks meet at one instant only where
        # something makes them (a blocking call, a failure, a timeout, coordination).
        if index > 0:
            steps.insert(0, f"sleep:{index * 50}ms")
        tasks.append(spec_of(f"t{index}", steps))
    timeout = None
    if rng.random() < 0.4:
        timeout = rng.randrange(1, 8) * GRID + GRID / 4  # between instants, never on one
    mode = "sync" if rng.random() < 0.3 else "async"
    return (mode, timeout, rng.choice(["cancel", "continue"]), rng.randrange(1, 4), tasks,
            DECLARATIONS if coordinated else [])


def args_of(case, scale):
    mode, timeout, on_error, threads, tasks, options = case
    args = ["--" + mode, "--on-error", on_error, "--threads", str(threads)] + options
    if timeout is not None:
        args += ["--timeout", f"{round(timeout * 1000)}ms"]
    return args + tasks


def virtual_trace(binary, case):
    done = subprocess.run([binary, "--clock", "virtual", "--format", "jsonl"] + args_of(case, 1),
                          capture_output=True, text=True, timeout=60)
    if done.returncode == 2:  # refused: a spawn of a task that nothing runs, an await cycle
        return None
    return [json.loads(line) for line in done.stdout.splitlines()]


COORDINATION_STEP = re.compile(r"[=,(](acquire|release|put|get|set|wait|await|spawn):")
COORDINATION_EVENTS = {"acquire", "acquired", "release", "put", "queued", "get", "got", "wait",
                       "woken", "set", "spawn", "await", "awaited"}


def decidable(events, lang, case):
    """True when real time orders this scenario as the virtual clock does, in any language."""
    if events is None:
        return False
    mode, timeout, _, _, _, _ = case
    run_end = next(e for e in events if e["event"] == "run_end")
    if run_end["elapsed"] > 0.9:  # keep each run of the suite short
        return False
    if lang != "python" and run_end.get("stopped_by") == "timeout" and not any(
            e["event"] == "cancel" for e in events):
        return False  # asyncio's timeout still fires after a last blocking call; theirs do not
    instants = {}
    for event in events:
        if event["event"] in ("run_start", "run_end"):
            continue
        instants.setdefault(event["t"], []).append(event)
    times = sorted(instants)
    if any(b - a < GRID / 2 - 1e-9 for a, b in zip(times, times[1:])):
        return False
    if timeout is not None and any(abs(t - timeout) < GRID / 2 - 1e-9 for t in times
                                   if not all(e["event"] == "cancel" for e in instants[t])):
        return False  # what the timeout cancels must not hang on a race with it
    for group in instants.values():
        tasks = {e["task"] for e in group}
        kinds = {e["event"] for e in group}
        cancels_only = kinds <= {"cancel"}
        if len(tasks) > 1 and kinds & {"work_start", "work_end"}:
            return False
        if len(tasks) > 1 and "fail" in kinds and "wake" in kinds:
            return False
        timed_out = any(e.get("reason") == "timeout" for e in group)
        if timed_out and not cancels_only:
            return False
        if lang != "python" and mode == "sync" and any(
                e["event"] == "cancel" and e.get("at", "").startswith(("block:", "work:"))
                for e in group):
            return False  # one after another, only Python's plain program cuts a blocking call short
        if lang != "python" and "sleep" in kinds and len(tasks) > 1 and any(
                e["event"] == "sleep" and e["seconds"] == 0 for e in group):
            return False
        if lang == "trio" and "unblock" in kinds and len(tasks) > 1:
            return False  # the tasks of one batch ran in either order around the blocking call
        if lang != "python" and kinds & COORDINATION_EVENTS and len(tasks) > 1:
            return False  # which task of one instant gets the slot, the item, the wake-up first
    return True


def check(binary, lang, interpreter, scale, tolerance, case_args, extra=()):
    args = [binary, "check", "--lang", lang, "--interpreter", interpreter, "--scale", f"{scale}",
            "--tolerance", tolerance]
    done = subprocess.run(args + list(extra) + case_args, capture_output=True, text=True,
                          timeout=120)
    return done, " ".join(args[1:] + list(extra) + [f"'{a}'" if "," in a or "*" in a else a
                                                     for a in case_args])


# The scenarios the README shows, each with the scale that keeps it short, and the languages
# whose own loop orders it otherwise than asyncio does, with the reason: check reports a
# difference there, and that difference is the lesson.
FAILURE_CANCELS_AT_ONCE = ("a failure cancels the others at once, where asyncio's TaskGroup lets a "
                           "task already woken in that turn take its step")
TRIO_STARTS_IN_ANY_ORDER = ("Trio starts the tasks in either order, so which of them wait for a "
                            "thread varies")
README_EXAMPLES = [
    ("0.1", [], {}),
    ("0.1", ["one=1s", "two=2s", "three=500ms"], {}),
    ("0.2", ["greet=print:hello\\, world,sleep:250ms,print:bye", "nap=sleep:100ms"], {}),
    ("1", ["--async", "a=print:a1,sleep:0,print:a2", "b=print:b1,sleep:0,print:b2"], {}),
    ("0.0000001", ["year=8760h", "day=24h"], {}),
    ("0.1", ["--threads", "4", "w*8=work:1s"], {"trio": TRIO_STARTS_IN_ANY_ORDER}),
    ("1", ["--async", "a=sleep:0,block:100ms,sleep:0,print:A", "b=sleep:50ms,print:B"],
     {"node": "Node runs every timer that is due before the immediates queued meanwhile: B "
              "before A"}),
    ("1", ["--async", "a=sleep:0,fail:boom", "b=sleep:0,print:b"],
     {"trio": FAILURE_CANCELS_AT_ONCE, "node": FAILURE_CANCELS_AT_ONCE}),
    ("0.2", ["--async", "--timeout", "1.5s", "a=1s", "b=2s"], {}),
    ("0.2", ["--async", "--on-error", "continue", "a=sleep:1s,fail:boom", "b=2s"], {}),
    ("0.5", ["--async", "a=sleep:50ms,block:300ms", "b=sleep:100ms,print:late"], {}),
    ("0.2", ["--async", "--threads", "2", "a=work:1s", "b=work:1s", "c=work:1s"],
     {"trio": TRIO_STARTS_IN_ANY_ORDER}),
]


# The coordination issue's examples (tests/parity/run_parity.py has them too): a lock-ordering
# deadlock, producer and consumers, fan-out and fan-in, awaiting a failed task under both
# policies, a limit served first come, first served, an event with several waiters, a full queue.
COORDINATION = ["--limit", "db=1", "--limit", "cache=1", "--limit", "pool=2", "--queue",
                "jobs=2", "--event", "go"]
TRIO_CONTENDS = "the tasks of one batch wait for the limit in either order"
COORDINATION_EXAMPLES = [
    ("1", ["a=acquire:db,sleep:10ms,acquire:cache", "b=acquire:cache,sleep:10ms,acquire:db"], {}),
    # Scaled up, and the work not a multiple of the producer's sleep: no pool thread's event
    # meets the loop's at one instant, which a loaded machine would race.
    ("4", ["p=(put:jobs=job,sleep:10ms)*4,print:done", "c1=(get:jobs,work:35ms)*2",
           "c2=(get:jobs,work:35ms)*2"], {"trio": "the consumers of one batch wait for the queue "
                                                  "in either order"}),
    ("1", ["parent=spawn:w0,spawn:w1,await:w0,await:w1,print:all done", "w0=sleep:100ms",
           "w1=sleep:50ms"], {}),
    ("1", ["--on-error", "continue", "a=await:b,print:never", "b=sleep:10ms,fail:boom"], {}),
    ("1", ["a=await:b,print:never", "b=sleep:10ms,fail:boom", "c=sleep:1s"], {}),
    ("1", ["a=acquire:pool,sleep:50ms", "b=acquire:pool,sleep:50ms", "c=acquire:pool,print:c",
           "d=acquire:pool,print:d"], {"trio": TRIO_CONTENDS}),
    ("1", ["w1=wait:go,print:one", "w2=wait:go,print:two", "s=sleep:10ms,set:go"], {}),
    ("1", ["p=put:jobs=1,put:jobs=2,put:jobs=3,print:put all", "c=sleep:10ms,get:jobs"], {}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--lang", required=True)
    parser.add_argument("--interpreter", required=True)
    parser.add_argument("--cases", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--examples", action="store_true", help="check the README's examples")
    parser.add_argument("--fetch", action="store_true", help="check fetches from asyncdemo serve")
    parser.add_argument("--tolerance", default="50ms", help="check's --tolerance")
    parser.add_argument("--show", type=int, default=2, help="differences to print at most")
    options = parser.parse_args()

    cases = []
    if options.examples:
        for scale, args, otherwise in README_EXAMPLES:
            if options.lang not in otherwise:
                cases.append((scale, args, ()))
        for scale, args, otherwise in COORDINATION_EXAMPLES:
            if options.lang not in otherwise:
                cases.append((scale, COORDINATION + args, ()))
    rng = random.Random(options.seed)
    drawn = coordinated = 0
    while drawn < options.cases:
        case = random_case(rng, options.lang)
        if decidable(virtual_trace(options.binary, case), options.lang, case):
            cases.append((options.scale, args_of(case, options.scale), ()))
            drawn += 1
            coordinated += any(COORDINATION_STEP.search(task) for task in case[4])
    server = None
    if options.fetch:
        server = subprocess.Popen([options.binary, "serve", "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        port = re.search(r"127\.0\.0\.1:(\d+)", server.stdout.readline()).group(1)
        base = f"http://127.0.0.1:{port}"
        cases.append((1, [f"a=fetch:{base}/cats/1?delay=100ms,print:got it",
                          f"b=sleep:50ms,fetch:{base}/cats/2?delay=200ms", f"c=fetch:{base}/nope"],
                      ()))
        # Port 9 (discard) refuses the connection: the task fails, and the others are cancelled.
        cases.append((1, ["a=fetch:http://127.0.0.1:9/", "b=sleep:100ms,print:never"], ()))
    failures = []
    try:
        for scale, args, extra in cases:
            done, command = check(options.binary, options.lang, options.interpreter, scale,
                                  options.tolerance, args, extra)
            if done.returncode != 0:
                failures.append(f"$ asyncdemo {command}\nexit {done.returncode}\n{done.stdout}"
                                f"{done.stderr}")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    for failure in failures[: options.show]:
        print(failure)
    print(f"check --lang {options.lang}: {len(cases)} cases ({drawn} random, {coordinated} of them "
          f"with coordination steps), {len(cases) - len(failures)} agree, {len(failures)} differ")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
