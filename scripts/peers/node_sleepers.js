// The benchmark's Node.js peer: Promise.all over N promises, each resolved by setTimeout.
// Prints {"late_p50": seconds, "late_p99": seconds}: how late the median and the
// 99th-percentile wake were against their deadlines (nearest rank).
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

const rank = (percent) => lateness[Math.max(0, Math.ceil(count * percent / 100) - 1)] / 1000;

Promise.all(Array.from({ length: count }, sleeper)).then(() => {
  lateness.sort();
  console.log(JSON.stringify({ late_p50: rank(50), late_p99: rank(99) }));
});
