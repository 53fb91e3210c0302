// Takes a screenshot of a page made with --html, as docs/page.png is made:
//   node tests/browser/screenshot.mjs PAGE.html OUT.png [#event=N] [light|dark]
import fs from 'node:fs';
import path from 'node:path';
import { openBrowser, openPage } from './browser.mjs';

const [file, out, hash = '', scheme = 'light'] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: node tests/browser/screenshot.mjs PAGE.html OUT.png [#event=N] [light|dark]');
  process.exit(2);
}
const browser = await openBrowser({ colorScheme: scheme });
try {
  const page = await openPage(browser, path.resolve(file), hash);
  await page.screenshot({ path: out, fullPage: true });
  if (browser.errors.length) throw new Error(browser.errors.join('\n'));
} finally {
  await browser.close();
}
fs.statSync(out);
