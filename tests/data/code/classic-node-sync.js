#!/usr/bin/env node
// asyncdemo code --lang node --sync
//
// asyncdemo's sync run as a Node.js program: each task is an async function, and main awaits them
// one after another, so nothing overlaps and the run takes the sum of the waits.
// It prints its own trace as JSON lines, as `asyncdemo --sync --format jsonl` does, so that
// `asyncdemo check --lang node` can run both and compare them.
"use strict";
const timers = require("node:timers/promises");

async function coroutine_one(task) {
  task.print("Coroutine started");
  await task.sleep(1);
  task.print("Coroutine resumed");
}

async function coroutine_two(task) {
  task.print("Coroutine two started");
  await task.sleep(2);
  task.print("Coroutine two resumed");
}

async function main() {
  // One after another: each task is awaited to its end before the next one starts.
  await new Traced("coroutine_one").run(coroutine_one);
  await new Traced("coroutine_two").run(coroutine_two);
}

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

// One line of the trace, as asyncdemo writes it.
function trace(event, fields) {
  out.write(JSON.stringify({ t: round(now()), mode: "sync", event, ...fields }) + "\n");
}

class Traced {
  constructor(name) {
    this.name = name;
  }

  async run(steps) {
    trace("start", { task: this.name });
    await steps(this);
    trace("end", { task: this.name });
    counts.finished += 1;
  }

  print(text) {
    trace("print", { task: this.name, text });
  }

  async sleep(seconds) {
    trace("sleep", { task: this.name, seconds });
    const deadline = performance.now() + seconds * 1000;
    await timers.setTimeout(seconds * 1000);
    trace("wake", { task: this.name, late: round(Math.max(0, performance.now() - deadline) / 1000) });
  }
}

async function run() {
  start = performance.now();
  const facts = { clock: "real", tasks: 2, theory: 3 };
  trace("run_start", facts);
  await main();
  trace("run_end", { elapsed: round(now()), ...facts, ...counts });
}

run();
