#!/usr/bin/env python3
# asyncdemo code --lang python --sync
#
# asyncdemo's sync run as a plain Python program: the tasks are ordinary functions, called one
# after another, and every wait blocks the thread (time.sleep), so the run takes the sum of the
# waits.
# It prints its own trace as JSON lines, as `asyncdemo --sync --format jsonl` does, so that
# `asyncdemo check` can run both and compare them.
import json
import sys
import time


def coroutine_one(task):
    task.print("Coroutine started")
    task.sleep(1)
    task.print("Coroutine resumed")


def coroutine_two(task):
    task.print("Coroutine two started")
    task.sleep(2)
    task.print("Coroutine two resumed")


def main():
    # One after another: each task runs to its end before the next one starts.
    Traced("coroutine_one").run(coroutine_one)
    Traced("coroutine_two").run(coroutine_two)


# The trace. Each step above is a method of Traced below that does what its name says and prints
# what happened as a line of asyncdemo's JSON-lines trace.

START = time.monotonic()


class Run:
    """What the trace's last line counts."""

    finished = cancelled = failed = 0


def now():
    """Seconds since the program started."""
    return time.monotonic() - START


def trace(event, **fields):
    """One line of the trace, as asyncdemo writes it."""
    line = {"t": round(now(), 6), "mode": "sync", "event": event, **fields}
    print(json.dumps(line), flush=True)


class Traced:
    """One task: runs the task's steps, each of which traces what it does."""

    def __init__(self, name):
        self.name = name

    def run(self, steps):
        trace("start", task=self.name)
        steps(self)
        trace("end", task=self.name)
        Run.finished += 1

    def print(self, text):
        trace("print", task=self.name, text=text)

    def sleep(self, seconds):
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        time.sleep(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))


def run():
    """main() between the trace's first and last lines; returns the exit status."""
    facts = {"clock": "real", "tasks": 2, "theory": 3}
    trace("run_start", **facts)
    main()
    counts = {"finished": Run.finished, "cancelled": Run.cancelled, "failed": Run.failed}
    trace("run_end", elapsed=round(now(), 6), **facts, **counts)
    return 0


if __name__ == "__main__":
    sys.exit(run())
