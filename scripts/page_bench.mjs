// The page's figures for scripts/bench: for each page given, its size and how long Chromium
// takes to open it (the page's own performance.now() when it is ready, from the start of
// navigation: the browser measures, not this script), the median of RUNS opens, as JSON.
//   node scripts/page_bench.mjs RUNS PAGE.html...
import fs from 'node:fs';
import path from 'node:path';
import { openBrowser, openPage } from '../tests/browser/browser.mjs';

const [runs, ...pages] = process.argv.slice(2);
const browser = await openBrowser();
const results = [];
try {
  for (const file of pages) {
    const times = [];
    for (let i = 0; i < Number(runs); i++) {
      const page = await openPage(browser, path.resolve(file));
      times.push(Number(await page.getAttribute('body', 'data-ready-ms')));
      await page.close();
    }
    times.sort((a, b) => a - b);
    results.push({ page: file, bytes: fs.statSync(file).size, open_ms: times[Math.floor(times.length / 2)], opens: times });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
