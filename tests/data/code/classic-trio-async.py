#!/usr/bin/env python3
# asyncdemo code --lang trio --async
#
# asyncdemo's async run as a Trio program (Debian's python3-trio): each task is an async function,
# started in a nursery that runs them all and waits for them.
# Trio varies, on purpose, the order in which it runs the tasks that wake at one moment, so that no
# program comes to rely on it: `asyncdemo check` compares such events as a set.
# It prints its own trace as JSON lines, as `asyncdemo --async --format jsonl` does, so that
# `asyncdemo check --lang trio` can run both and compare them.
import json
import sys
import time

import trio


async def coroutine_one(task):
    task.print("Coroutine started")
    await task.sleep(1)
    task.print("Coroutine resumed")


async def coroutine_two(task):
    task.print("Coroutine two started")
    await task.sleep(2)
    task.print("Coroutine two resumed")


async def main():
    async with trio.open_nursery() as nursery:
        nursery.start_soon(Traced("coroutine_one").run, coroutine_one)
        nursery.start_soon(Traced("coroutine_two").run, coroutine_two)


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
    line = {"t": round(now(), 6), "mode": "async", "event": event, **fields}
    print(json.dumps(line), flush=True)


class Traced:
    """One task: runs the task's steps, each of which traces what it does."""

    def __init__(self, name):
        self.name = name

    async def run(self, steps):
        trace("start", task=self.name)
        await steps(self)
        trace("end", task=self.name)
        Run.finished += 1

    def print(self, text):
        trace("print", task=self.name, text=text)

    async def sleep(self, seconds):
        trace("sleep", task=self.name, seconds=seconds)
        deadline = time.monotonic() + seconds
        await trio.sleep(seconds)
        trace("wake", task=self.name, late=round(max(0, time.monotonic() - deadline), 6))


def run():
    """trio.run(main) between the trace's first and last lines; returns the exit status."""
    facts = {"clock": "real", "tasks": 2, "theory": 2}
    trace("run_start", **facts)
    trio.run(main)
    counts = {"finished": Run.finished, "cancelled": Run.cancelled, "failed": Run.failed}
    trace("run_end", elapsed=round(now(), 6), **facts, **counts)
    return 0


if __name__ == "__main__":
    sys.exit(run())
