// The benchmark's Node.js peer: Promise.all over N promises, each resolved by setTimeout.
// Prints {"late_p99": seconds}: how late the 99th-percentile wake was against its deadline.
// Usage: node node_sleepers.js N [SECONDS]
'use strict';
const { performance } = require('perf_hooks');

const count = Number(process.argv[2]);
const ms = 1000 * Number(process.argv[3] ?? 1);
const lateness = new Float64Array(count);
let woken = 0;

function sleeper() {
  const deadline = performance.now() + ms;
  return new Promise((resolve) =>
    setTimeout(() => {
      lateness[woken++] = performance.now() - deadline;
      resolve();
    }, ms));
}

Promise.all(Array.from({ length: count }, sleeper)).then(() => {
  lateness.sort();
  const p99 = lateness[Math.max(0, Math.ceil(count * 0.99) - 1)];
  console.log(JSON.stringify({ late_p99: p99 / 1000 }));
});
