"""An asyncdemo scenario run as the Python asyncio program it stands for, in virtual time.

asyncdemo claims that its async run is what asyncio does (README, "What happens in one turn of
the loop"). This module runs the same scenario with CPython's own asyncio machinery
(BaseEventLoop._run_once, Task, gather, TaskGroup, asyncio.timeout) and prints what happened in
asyncdemo's JSON-lines contract, so that the two traces can be compared event by event.

Only time is virtual, as in asyncio's own tests: the loop's clock jumps to the next timer instead
of waiting for it, time.sleep (a `block:` step) moves it on, and the thread pool for `work:` is a
model of ThreadPoolExecutor(max_workers=N) whose threads finish at the moments their work would,
appending their callbacks to the ready queue then, as call_soon_threadsafe does.

Every reading of the clock adds a hair (DRIFT) that grows through the run, as code that runs
takes time on a real machine: a sleep that starts later has a later deadline, even when the
durations add up to the same instant, so timers due at one instant come out in the order their
sleeps began, as in asyncdemo. Where the loop jumps, the clock lands on the exact instant (the
hairs are never added up into the time itself), and the loop's clock resolution (1 us) is wider
than all the hairs of a run, so timers due at one instant still fall due together.
"""

import asyncio
import collections.abc
import heapq
import itertools
import json
import sys

DRIFT = 1e-12
RESOLUTION = 1e-6


class VirtualSelector:
    """What BaseEventLoop._run_once polls: instead of waiting, it moves the clock on."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout):
        loop = self._loop
        loop.selects += 1
        if loop.selects > 1_000_000:
            raise RuntimeError("the virtual loop went round a million times: a model bug")
        pool_next = loop.pool.next_event()
        if timeout is None:
            if pool_next is None:
                raise RuntimeError("deadlock: nothing can wake the tasks")
            target = pool_next
        else:
            target = loop.now + timeout
            if pool_next is not None:
                target = min(target, pool_next)
        loop.advance_to(target)
        return []


class VirtualLoop(asyncio.BaseEventLoop):
    def __init__(self, threads):
        super().__init__()
        self.now = 0.0  # the exact instant
        self._readings = 0
        self.selects = 0
        self._selector = VirtualSelector(self)
        self._clock_resolution = RESOLUTION
        self.pool = VirtualPool(self, threads)

    def time(self):
        self._readings += 1
        return self.now + self._readings * DRIFT

    def advance_to(self, target):
        """Moves the clock to `target` (to the exact instant, without the hairs), letting the
        pool's threads report on the way."""
        target = round(target, 6)
        self.pool.deliver_until(target)
        if target > self.now:
            self.now = target

    def block(self, seconds):
        """time.sleep in a coroutine: the whole thread, and the loop, stand still."""
        self.advance_to(self.now + seconds)

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


class VirtualPool:
    """ThreadPoolExecutor(max_workers=threads) in virtual time: jobs first in, first out; an idle
    thread (the lowest-numbered) takes a job at once; a thread that finishes takes the next."""

    def __init__(self, loop, threads):
        self._loop = loop
        self._busy = [None] * threads
        self._queue = []
        self._events = []  # (time a job finishes, order, job)
        self._order = itertools.count()

    def submit(self, seconds, on_start):
        job = {"seconds": seconds, "queued": self._loop.now, "on_start": on_start,
               "future": self._loop.create_future(), "worker": 0, "started": None,
               "finished": None}
        # As wrap_future does: cancelling the asyncio future cancels the job if it is still
        # queued, in the future's done callback.
        job["future"].add_done_callback(lambda future: self._cancelled(job, future))
        for worker, running in enumerate(self._busy):
            if running is None:
                self._start(job, worker, self._loop.now)
                break
        else:
            self._queue.append(job)
        return job

    def _start(self, job, worker, at):
        # The thread says so at once (call_soon_threadsafe), before anything the loop queues
        # after this moment.
        self._busy[worker] = job
        job["worker"] = worker + 1
        job["started"] = at
        self._loop.call_soon(job["on_start"], job)
        finish = round(at + job["seconds"], 6)  # on the microsecond grid the loop's jumps land on
        heapq.heappush(self._events, (finish, next(self._order), job))

    def _cancelled(self, job, future):
        if future.cancelled() and job["worker"] == 0 and job in self._queue:
            self._queue.remove(job)

    def next_event(self):
        return self._events[0][0] if self._events else None

    def deliver_until(self, target):
        loop = self._loop
        while self._events and self._events[0][0] <= target:
            at, _, job = heapq.heappop(self._events)
            if at > loop.now:
                loop.now = at
            job["finished"] = at
            self._busy[job["worker"] - 1] = None
            loop.call_soon(_set_result_unless_cancelled, job["future"])
            if self._queue:
                self._start(self._queue.pop(0), job["worker"] - 1, at)


class RealLoop(asyncio.SelectorEventLoop):
    """asyncio's own loop in real time, with the same few hooks as VirtualLoop: `now` is the time
    since the loop was made, block is time.sleep, and the pool runs real threads."""

    def __init__(self, threads):
        super().__init__()
        import concurrent.futures
        import time
        self._origin = time.monotonic()
        self._sleep = time.sleep
        self._executor = concurrent.futures.ThreadPoolExecutor(max_workers=threads)
        self.pool = self

    @property
    def now(self):
        return self.time() - self._origin

    def block(self, seconds):
        self._sleep(seconds)

    def submit(self, seconds, on_start):
        job = {"queued": self.now, "started": None, "finished": None}

        def work():
            job["started"] = self.now
            self.call_soon_threadsafe(on_start, job)
            self._sleep(seconds)
            job["finished"] = self.now

        job["future"] = self.run_in_executor(self._executor, work)
        return job

    def close(self):
        self._executor.shutdown(wait=True)
        super().close()


def _set_result_unless_cancelled(future):
    if not future.cancelled():
        future.set_result(None)


def parse_seconds(text):
    units = [("us", 1e-6), ("ms", 1e-3), ("s", 1.0), ("m", 60.0), ("h", 3600.0)]
    for unit, scale in units:
        if text.endswith(unit) and not (unit == "s" and text.endswith(("us", "ms"))):
            return float(text[: -len(unit)]) * scale
    return float(text)


class Run:
    """One run of a scenario: the events, as asyncdemo's JSON lines would carry them."""

    def __init__(self, mode):
        self.mode = mode
        self.loop = None
        self.events = []
        self.reason = None  # what is cancelling the tasks: "timeout" or "failure"
        self.finished = self.cancelled = self.failed = 0

    def now(self):
        return self.loop.now if self.loop is not None else self.clock

    def emit(self, event, task, **fields):
        record = {"t": round(self.now(), 6), "mode": self.mode, "event": event, "task": task}
        record.update(fields)
        self.events.append(record)

    def stop_because(self, reason):
        if self.reason is None:
            self.reason = reason


class Traced(collections.abc.Coroutine):
    """A task's coroutine that says when asyncio cancels it before its first step: asyncio then
    throws CancelledError into a coroutine that never ran, and none of its code can see it."""

    def __init__(self, run, name, coro):
        self._run, self._name, self._coro, self._started = run, name, coro, False

    def send(self, value):
        self._started = True
        return self._coro.send(value)

    def throw(self, typ, val=None, tb=None):
        if not self._started:
            self._started = True
            self._run.emit("cancel", self._name, reason=self._run.reason)
            self._run.cancelled += 1
            self._coro.close()
            raise asyncio.CancelledError()
        return self._coro.throw(typ, val, tb)

    def close(self):
        self._coro.close()

    def __await__(self):
        return self._coro.__await__()


async def run_task(run, name, steps):
    loop = run.loop
    run.emit("start", name)
    at = ""
    try:
        for spec in steps:
            at = spec
            kind, _, argument = spec.partition(":")
            if kind == "sleep":
                seconds = parse_seconds(argument)
                run.emit("sleep", name, seconds=round(seconds, 6))
                deadline = loop.time() + seconds
                await asyncio.sleep(seconds)
                run.emit("wake", name, late=round(max(0.0, loop.now - deadline), 6))
            elif kind == "print":
                run.emit("print", name, text=argument)
            elif kind == "block":
                seconds = parse_seconds(argument)
                run.emit("block", name, seconds=round(seconds, 6))
                began = loop.now
                loop.block(seconds)
                run.emit("unblock", name, held=round(loop.now - began, 6))
            elif kind == "work":
                seconds = parse_seconds(argument)
                run.emit("work_queue", name, seconds=round(seconds, 6))

                def started(job):
                    run.emit("work_start", name, waited=round(job["started"] - job["queued"], 6))

                job = run.loop.pool.submit(seconds, started)
                await job["future"]
                run.emit("work_end", name, late=round(max(0.0, loop.now - job["finished"]), 6))
            elif kind == "fail":
                raise RuntimeError(argument)
            else:
                raise ValueError("unknown step " + spec)
        run.emit("end", name)
        run.finished += 1
    except asyncio.CancelledError:
        run.emit("cancel", name, at=at, reason=run.reason)
        run.cancelled += 1
        raise
    except RuntimeError as failure:
        run.emit("fail", name, at=at, message=str(failure))
        run.failed += 1
        raise


class RecordingTimeout(asyncio.Timeout):
    """asyncio.timeout that notes when it fires, so that cancel events can say why."""

    def __init__(self, when, run):
        super().__init__(when)
        self._recording_run = run

    def _on_timeout(self):
        self._recording_run.stop_because("timeout")
        super()._on_timeout()


def run_async(scenario, real_time=False):
    """asyncio.run(main()), as README's "What happens in one turn of the loop" writes it. With
    real_time, on asyncio's own loop in real time, with real threads: to check this model."""
    run = Run("async")
    form = scenario["form"]
    timeout = scenario.get("timeout")

    def note_failure(task):
        if not task.cancelled() and task.exception() is not None and form != "continue":
            run.stop_because("failure")

    async def main():
        loop = asyncio.get_running_loop()
        coros = [Traced(run, name, run_task(run, name, steps))
                 for name, steps in scenario["tasks"]]

        async def body():
            if form == "task_group":
                async with asyncio.TaskGroup() as group:
                    for coro in coros:
                        group.create_task(coro).add_done_callback(note_failure)
            else:
                tasks = [loop.create_task(coro) for coro in coros]
                for task in tasks:
                    task.add_done_callback(note_failure)
                await asyncio.gather(*tasks, return_exceptions=form == "continue")

        if timeout is None:
            await body()
        else:
            async with RecordingTimeout(loop.time() + timeout, run):
                await body()

    outcome = "finished"
    factory = (lambda: RealLoop(scenario["threads"])) if real_time else (
        lambda: VirtualLoop(scenario["threads"]))
    with asyncio.Runner(loop_factory=factory) as runner:
        run.loop = runner.get_loop()
        try:
            runner.run(main())
        except TimeoutError:
            outcome = "timeout"
        except (RuntimeError, BaseExceptionGroup):
            outcome = "failure"
    return run, outcome


def run_sync(scenario):
    """The plain sequential program: each task called in turn; every wait blocks; a deadline
    (--timeout) interrupts the wait under way, as an alarm would, and ends the program."""
    run = Run("sync")
    run.clock = 0.0
    deadline = scenario.get("timeout")
    cancel_on_failure = scenario["form"] != "continue"

    def wait(seconds):
        until = round(run.clock + seconds, 6)  # exact instants, as asyncdemo counts nanoseconds
        if deadline is not None and until >= deadline:
            run.clock = max(run.clock, deadline)
            run.stop_because("timeout")
            return False
        run.clock = until
        return True

    for name, steps in scenario["tasks"]:
        if run.reason is not None:
            run.emit("cancel", name, at="", reason=run.reason)
            run.cancelled += 1
            continue
        run.emit("start", name)
        for spec in steps:
            kind, _, argument = spec.partition(":")
            if kind == "print":
                run.emit("print", name, text=argument)
                continue
            if kind == "fail":
                run.emit("fail", name, at=spec, message=argument)
                run.failed += 1
                if cancel_on_failure:
                    run.stop_because("failure")
                break
            seconds = parse_seconds(argument)
            if kind == "sleep":
                run.emit("sleep", name, seconds=round(seconds, 6))
                began = run.clock
                # sleep(0) waits for nothing: with no other task to run, it returns at once.
                if seconds > 0 and not wait(seconds):
                    break
                run.emit("wake", name, late=round(run.clock - began - seconds, 6))
            elif kind == "block":
                run.emit("block", name, seconds=round(seconds, 6))
                began = run.clock
                if not wait(seconds):
                    break
                run.emit("unblock", name, held=round(run.clock - began, 6))
            elif kind == "work":
                run.emit("work_queue", name, seconds=round(seconds, 6))
                run.emit("work_start", name, waited=0.0)
                if not wait(seconds):
                    break
                run.emit("work_end", name, late=0.0)
        else:
            run.emit("end", name)
            run.finished += 1
            continue
        if run.events[-1]["event"] != "fail":
            run.emit("cancel", name, at=spec, reason=run.reason)
            run.cancelled += 1
    outcome = "timeout" if run.reason == "timeout" else "failure" if run.failed else "finished"
    return run, outcome


def run_scenario(scenario):
    """Returns the events and the outcome ("finished", "timeout" or "failure")."""
    return (run_sync if scenario["mode"] == "sync" else run_async)(scenario)


if __name__ == "__main__":
    # A scenario as JSON on standard input; its events as JSON lines on standard output.
    scenario = json.load(sys.stdin)
    run, outcome = run_scenario(scenario)
    for event in run.events:
        print(json.dumps(event))
    print(json.dumps({"event": "outcome", "outcome": outcome, "finished": run.finished,
                      "cancelled": run.cancelled, "failed": run.failed}))
