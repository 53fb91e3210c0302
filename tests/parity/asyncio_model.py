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
                loop.on_deadlock()
                return []
            target = pool_next
        else:
            target = loop.now + timeout
            if pool_next is not None:
                target = min(target, pool_next)
        loop.advance_to(target)
        return []


class VirtualLoop(asyncio.BaseEventLoop):
    def __init__(self, threads, on_deadlock=None):
        super().__init__()
        self.on_deadlock = on_deadlock
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
    """One run of a scenario: the events, as asyncdemo's JSON lines would carry them, and what
    the tasks coordinate through."""

    def __init__(self, mode, scenario):
        self.mode = mode
        self.loop = None
        self.events = []
        self.reason = None  # what is cancelling the tasks: "timeout", "failure", "deadlock"
        self.finished = self.cancelled = self.failed = 0
        self.scenario = scenario
        self.tasks = {}     # name -> asyncio.Task, once created
        self.outcomes = {}  # name -> ("finished" | "failed" | "cancelled", message)
        self.group = None
        self.waiting = {}   # name -> what the task waits for now, for a deadlock
        self.held = {}      # name -> the limits it holds, in the order it took them
        self.holders = {name: [] for name in scenario.get("limits", {})}
        self.waiting_on = {name: 0 for name in scenario.get("events", [])}
        self.stuck = {}

    def now(self):
        return self.loop.now if self.loop is not None else self.clock

    def emit(self, event, task, **fields):
        record = {"t": round(self.now(), 6), "mode": self.mode, "event": event, "task": task}
        record.update({key: value for key, value in fields.items() if value is not None})
        self.events.append(record)

    def stop_because(self, reason):
        if self.reason is None:
            self.reason = reason

    def limit_text(self, name):
        holders = self.holders[name]
        by = " and ".join([", ".join(holders[:-1]), holders[-1]] if len(holders) > 1 else holders)
        size = self.scenario["limits"][name] if name != "limit" else self.scenario["every_task"]
        if size == 1:
            return f"lock {name}, held by {by}" if holders else f"lock {name}"
        return f"limit {name} ({len(holders)} of {size} held{', by ' + by if holders else ''})"


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
            self._run.outcomes[self._name] = ("cancelled", "")
            self._coro.close()
            raise asyncio.CancelledError()
        return self._coro.throw(typ, val, tb)

    def close(self):
        self._coro.close()

    def __await__(self):
        return self._coro.__await__()


class Stop(Exception):
    """Where a task stopped, for its cancel or fail event: the innermost step."""

    def __init__(self, at, error):
        super().__init__(at)
        self.at, self.error = at, error


def spec_of(step):
    if isinstance(step, str):
        return step
    return "(" + ",".join(spec_of(s) for s in step[2]) + ")*" + str(step[1])


async def run_steps(run, name, steps):
    for step in steps:
        if not isinstance(step, str):
            for _ in range(step[1]):
                await run_steps(run, name, step[2])
            continue
        try:
            await run_step(run, name, step)
        except Stop:
            raise
        except BaseException as error:
            raise Stop(step, error) from error


def release(run, name, limit, at=None):
    semaphore = run.semaphores[limit]
    semaphore.release()
    held = run.held.setdefault(name, [])
    for i in range(len(held) - 1, -1, -1):
        if held[i] == limit:
            del held[i]
            break
    holders = run.holders[limit]
    if name in holders:
        holders.remove(name)
    run.emit("release", name, on=limit, holders=len(holders), at=at)


async def acquire(run, name, limit):
    run.emit("acquire", name, on=limit)
    began = run.loop.now
    run.waiting[name] = lambda: run.limit_text(limit)
    await run.semaphores[limit].acquire()
    run.held.setdefault(name, []).append(limit)
    run.holders[limit].append(name)
    run.emit("acquired", name, on=limit, waited=round(run.loop.now - began, 6),
             holders=len(run.holders[limit]))


async def run_step(run, name, spec):
    loop = run.loop
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
    elif kind == "acquire":
        await acquire(run, name, argument)
    elif kind == "release":
        semaphore = run.semaphores[argument]
        if semaphore._value >= semaphore._bound_value:
            size = run.scenario["limits"][argument]
            raise RuntimeError(f"released {argument} more often than it was acquired: all {size} "
                               "slots are free (BoundedSemaphore raises ValueError)")
        release(run, name, argument)
    elif kind == "put":
        queue_name, _, item = argument.partition("=")
        queue = run.queues[queue_name]
        run.emit("put", name, on=queue_name, item=item)
        began = loop.now
        run.waiting[name] = lambda: (f"room in queue {queue_name} (full: {queue.qsize()} of "
                                     f"{queue.maxsize})")
        await queue.put((item, name))
        run.emit("queued", name, on=queue_name, item=item, waited=round(loop.now - began, 6),
                 size=queue.qsize())
    elif kind == "get":
        queue = run.queues[argument]
        run.emit("get", name, on=argument)
        began = loop.now
        run.waiting[name] = lambda: f"an item in queue {argument} (empty)"
        item, source = await queue.get()
        run.emit("got", name, on=argument, item=item, **{"from": source},
                 waited=round(loop.now - began, 6), size=queue.qsize())
    elif kind == "set":
        event = run.flags[argument]
        woken = 0 if event.is_set() else run.waiting_on[argument]
        event.set()
        run.emit("set", name, on=argument, woken=woken)
    elif kind == "wait":
        event = run.flags[argument]
        run.emit("wait", name, on=argument)
        began = loop.now
        run.waiting[name] = lambda: f"event {argument} to be set"
        if not event.is_set():
            run.waiting_on[argument] += 1
            try:
                await event.wait()
            finally:
                run.waiting_on[argument] -= 1
        run.emit("woken", name, on=argument, waited=round(loop.now - began, 6))
    elif kind == "spawn":
        for child in run.scenario["names"][argument]:
            run.emit("spawn", name, child=child)
            create(run, child)
    elif kind == "await":
        run.emit("await", name, target=argument)
        began = loop.now
        for target in run.scenario["names"][argument]:
            if target not in run.tasks:  # not spawned yet: wait until it is
                run.waiting[name] = lambda target=target: f"task {target} to be spawned"
                await run.created[target]
            run.waiting[name] = lambda target=target: f"task {target}"
            try:
                await run.tasks[target]
            except RuntimeError:
                pass
            if run.outcomes.get(target, ("",))[0] == "failed":
                raise RuntimeError(failed_message(target, run.outcomes[target][1]))
        run.emit("awaited", name, target=argument, waited=round(loop.now - began, 6))
    else:
        raise ValueError("unknown step " + spec)


def failed_message(name, message):
    return f"{name} failed" + (f": {message}" if message else "")


def release_held(run, name):
    for limit in reversed(run.held.get(name, [])):
        semaphore = run.semaphores[limit]
        if semaphore._value >= semaphore._bound_value:
            continue  # another task's release gave this slot back already
        release(run, name, limit, at="end")
    run.held[name] = []


async def run_task(run, name, steps):
    run.emit("start", name)
    if run.scenario.get("every_task"):
        steps = ["acquire:limit"] + list(steps)
    try:
        await run_steps(run, name, steps)
        release_held(run, name)
        run.emit("end", name)
        run.finished += 1
        run.outcomes[name] = ("finished", "")
    except Stop as stop:
        release_held(run, name)
        if isinstance(stop.error, asyncio.CancelledError):
            run.emit("cancel", name, at=stop.at, reason=run.reason,
                     waiting_for=run.stuck.get(name))
            run.cancelled += 1
            run.outcomes[name] = ("cancelled", "")
            raise stop.error
        message = str(stop.error)
        run.emit("fail", name, at=stop.at, message=message)
        run.failed += 1
        run.outcomes[name] = ("failed", message)
        if run.scenario["form"] == "task_group_continue":
            return
        raise stop.error


def create(run, name):
    coro = Traced(run, name, run_task(run, name, run.scenario["steps"][name]))
    if run.group is not None:
        task = run.group.create_task(coro)
    else:
        task = run.loop.create_task(coro)
    task.add_done_callback(run.note_failure)
    run.tasks[name] = task
    if name in run.created and not run.created[name].done():
        run.created[name].set_result(None)
    return task


class RecordingTimeout(asyncio.Timeout):
    """asyncio.timeout that notes when it fires, so that cancel events can say why."""

    def __init__(self, when, run):
        super().__init__(when)
        self._recording_run = run

    def _on_timeout(self):
        self._recording_run.stop_because("timeout")
        super()._on_timeout()


def deadlock(run):
    """Nothing can wake the tasks left: say what each waits for, and cancel them, in order."""
    run.stop_because("deadlock")
    for name, task in run.tasks.items():
        if not task.done():
            run.stuck[name] = run.waiting[name]() if name in run.waiting else "nothing"
    for name, task in run.tasks.items():
        if not task.done():
            task.cancel()


def run_async(scenario, real_time=False):
    """asyncio.run(main()), as README's "What happens in one turn of the loop" writes it. With
    real_time, on asyncio's own loop in real time, with real threads: to check this model."""
    run = Run("async", scenario)
    form = scenario["form"]
    timeout = scenario.get("timeout")
    scenario.setdefault("steps", dict(scenario["tasks"]))
    scenario.setdefault("names", {name: [name] for name, _ in scenario["tasks"]})
    spawned = set(scenario.get("spawned", []))

    def note_failure(task):
        if (not task.cancelled() and task.exception() is not None
                and form not in ("continue", "task_group_continue")):
            run.stop_because("failure")

    run.note_failure = note_failure

    async def main():
        run.semaphores = {name: asyncio.BoundedSemaphore(size)
                          for name, size in scenario.get("limits", {}).items()}
        if scenario.get("every_task"):
            run.semaphores["limit"] = asyncio.BoundedSemaphore(scenario["every_task"])
            run.holders["limit"] = []
        run.queues = {name: asyncio.Queue(size) for name, size in scenario.get("queues", {}).items()}
        run.flags = {name: asyncio.Event() for name in scenario.get("events", [])}
        run.created = {name: asyncio.get_running_loop().create_future() for name in spawned}
        first = [name for name, _ in scenario["tasks"] if name not in spawned]

        async def body():
            if form in ("task_group", "task_group_continue"):
                async with asyncio.TaskGroup() as group:
                    run.group = group
                    for name in first:
                        create(run, name)
            else:
                tasks = [create(run, name) for name in first]
                await asyncio.gather(*tasks, return_exceptions=form == "continue")

        if timeout is None:
            await body()
        else:
            async with RecordingTimeout(asyncio.get_running_loop().time() + timeout, run):
                await body()

    outcome = "finished"
    factory = (lambda: RealLoop(scenario["threads"])) if real_time else (
        lambda: VirtualLoop(scenario["threads"], lambda: deadlock(run)))
    with asyncio.Runner(loop_factory=factory) as runner:
        run.loop = runner.get_loop()
        try:
            runner.run(main())
        except TimeoutError:
            outcome = "timeout"
        except (RuntimeError, BaseExceptionGroup):
            outcome = "failure"
        except asyncio.CancelledError:
            outcome = "cancelled"
    for name, _ in scenario["tasks"]:
        if name not in run.tasks:  # spawned by a task that stopped before it spawned it
            run.emit("cancel", name, reason=run.reason)
            run.cancelled += 1
    if run.reason == "deadlock":
        outcome = "failure"
    return run, outcome


def run_sync(scenario):
    """The plain sequential program: each task called in turn; every wait blocks; a deadline
    (--timeout) interrupts the wait under way, as an alarm would, and ends the program; a wait
    that only another task could end is a deadlock, since only one runs at a time."""
    run = Run("sync", scenario)
    run.clock = 0.0
    deadline = scenario.get("timeout")
    cancel_on_failure = scenario["form"] not in ("continue", "task_group_continue")
    steps_of = dict(scenario["tasks"])
    names = scenario.get("names", {name: [name] for name, _ in scenario["tasks"]})
    spawned = set(scenario.get("spawned", []))
    free = dict(scenario.get("limits", {}))
    if scenario.get("every_task"):
        free["limit"] = scenario["every_task"]
        run.holders["limit"] = []
    items = {name: [] for name in scenario.get("queues", {})}
    flags = {name: False for name in scenario.get("events", [])}
    state = {}  # name -> "running" or an outcome

    def wait(seconds):
        if run.reason is not None:  # the run was stopped: every later wait returns at once
            return False
        until = round(run.clock + seconds, 6)  # exact instants, as asyncdemo counts nanoseconds
        if deadline is not None and until >= deadline:
            run.clock = max(run.clock, deadline)
            run.stop_because("timeout")
            return False
        run.clock = until
        return True

    class Cancel(Exception):
        pass

    class Fail(Exception):
        pass

    class Stuck(Exception):
        def __init__(self, waiting_for):
            super().__init__(waiting_for)
            self.waiting_for = waiting_for

    def give_back(name, limit, at=None):
        free[limit] += 1
        holders = run.holders[limit]
        if name in holders:
            holders.remove(name)
        run.emit("release", name, on=limit, holders=len(holders), at=at)

    def step(name, spec, held):
        if not isinstance(spec, str):
            for _ in range(spec[1]):
                for inner in spec[2]:
                    step_at(name, inner, held)
            return
        kind, _, argument = spec.partition(":")
        if kind == "print":
            run.emit("print", name, text=argument)
        elif kind == "fail":
            raise Fail(argument)
        elif kind == "sleep":
            seconds = parse_seconds(argument)
            run.emit("sleep", name, seconds=round(seconds, 6))
            began = run.clock
            # sleep(0) waits for nothing: with no other task to run, it returns at once.
            if run.reason is not None or (seconds > 0 and not wait(seconds)):
                raise Cancel()
            run.emit("wake", name, late=round(run.clock - began - seconds, 6))
        elif kind == "block":
            seconds = parse_seconds(argument)
            run.emit("block", name, seconds=round(seconds, 6))
            began = run.clock
            if not wait(seconds):
                raise Cancel()
            run.emit("unblock", name, held=round(run.clock - began, 6))
        elif kind == "work":
            seconds = parse_seconds(argument)
            run.emit("work_queue", name, seconds=round(seconds, 6))
            if run.reason is not None:
                raise Cancel()
            run.emit("work_start", name, waited=0.0)
            if not wait(seconds):
                raise Cancel()
            run.emit("work_end", name, late=0.0)
        elif kind == "acquire":
            run.emit("acquire", name, on=argument)
            if free[argument] == 0:
                raise Stuck(run.limit_text(argument))
            free[argument] -= 1
            held.append(argument)
            run.holders[argument].append(name)
            run.emit("acquired", name, on=argument, waited=0.0,
                     holders=len(run.holders[argument]))
        elif kind == "release":
            if free[argument] >= scenario["limits"][argument]:
                raise Fail(f"released {argument} more often than it was acquired: all "
                           f"{scenario['limits'][argument]} slots are free (BoundedSemaphore "
                           "raises ValueError)")
            for i in range(len(held) - 1, -1, -1):
                if held[i] == argument:
                    del held[i]
                    break
            give_back(name, argument)
        elif kind == "put":
            queue_name, _, item = argument.partition("=")
            run.emit("put", name, on=queue_name, item=item)
            size = scenario["queues"][queue_name]
            if size and len(items[queue_name]) >= size:
                raise Stuck(f"room in queue {queue_name} (full: {len(items[queue_name])} of "
                            f"{size})")
            items[queue_name].append((item, name))
            run.emit("queued", name, on=queue_name, item=item, waited=0.0,
                     size=len(items[queue_name]))
        elif kind == "get":
            run.emit("get", name, on=argument)
            if not items[argument]:
                raise Stuck(f"an item in queue {argument} (empty)")
            item, source = items[argument].pop(0)
            run.emit("got", name, on=argument, item=item, **{"from": source}, waited=0.0,
                     size=len(items[argument]))
        elif kind == "set":
            flags[argument] = True
            run.emit("set", name, on=argument, woken=0)
        elif kind == "wait":
            run.emit("wait", name, on=argument)
            if not flags[argument]:
                raise Stuck(f"event {argument} to be set")
            run.emit("woken", name, on=argument, waited=0.0)
        elif kind == "spawn":
            for child in names[argument]:
                run.emit("spawn", name, child=child)
                if child not in state:  # one awaited before it was spawned ran already
                    start(child)
        elif kind == "await":
            run.emit("await", name, target=argument)
            began = run.clock
            for target in names[argument]:
                if state.get(target) == "running":
                    raise Stuck(f"task {target} to end")
                if target not in state:
                    start(target)
                if state[target][0] == "cancelled":
                    raise Cancel()
                if state[target][0] == "failed":
                    raise Fail(failed_message(target, state[target][1]))
            run.emit("awaited", name, target=argument, waited=round(run.clock - began, 6))

    def step_at(name, spec, held):
        try:
            step(name, spec, held)
        except (Cancel, Fail, Stuck) as stop:
            if not hasattr(stop, "at"):
                stop.at = spec_of(spec)
            raise

    def start(name):
        if run.reason is not None:
            run.emit("cancel", name, reason=run.reason)
            run.cancelled += 1
            state[name] = ("cancelled", "")
            return
        state[name] = "running"
        run.emit("start", name)
        held = []
        steps = (["acquire:limit"] if scenario.get("every_task") else []) + list(steps_of[name])

        def end_holds():
            for limit in reversed(held):
                bound = scenario["every_task"] if limit == "limit" else scenario["limits"][limit]
                if free[limit] < bound:  # else another task's release gave it back already
                    give_back(name, limit, at="end")

        try:
            for spec in steps:
                step_at(name, spec, held)
        except Fail as failure:
            end_holds()
            run.emit("fail", name, at=failure.at, message=str(failure))
            run.failed += 1
            state[name] = ("failed", str(failure))
            if cancel_on_failure:
                run.stop_because("failure")
            return
        except Stuck as stuck:
            end_holds()
            run.stop_because("deadlock")
            run.emit("cancel", name, at=stuck.at, reason=run.reason,
                     waiting_for=stuck.waiting_for)
            run.cancelled += 1
            state[name] = ("cancelled", "")
            return
        except Cancel as cancel:
            end_holds()
            run.emit("cancel", name, at=cancel.at, reason=run.reason)
            run.cancelled += 1
            state[name] = ("cancelled", "")
            return
        end_holds()
        run.emit("end", name)
        run.finished += 1
        state[name] = ("finished", "")

    for name, _ in scenario["tasks"]:
        if name not in spawned and name not in state:
            start(name)
    for name, _ in scenario["tasks"]:
        if name not in state:
            run.emit("cancel", name, reason=run.reason)
            run.cancelled += 1
    if run.reason == "timeout":
        outcome = "timeout"
    elif run.failed or run.reason == "deadlock":
        outcome = "failure"
    else:
        outcome = "finished"
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
