// What the page's browser tests share: asyncdemo run to make a page, and Debian's Chromium
// (/usr/bin/chromium) driven by playwright-core, which downloads no browser of its own. The
// flags keep Chromium off the network (this machine has none; its attempts would be refused)
// and a fresh profile makes every run start alike.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const binary = process.env.ASYNCDEMO_BINARY || 'asyncdemo';

export const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncdemo-page-'));

// Runs asyncdemo with `args` in the test folder; returns what it printed.
export function asyncdemo(args, input) {
  return execFileSync(binary, args, { cwd: folder, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// Writes the page that `args` make (a run or a render) and returns its path.
export function makePage(name, args) {
  const file = path.join(folder, name);
  asyncdemo([...args, '--html', file]);
  return file;
}

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions'];

// A browser with a fresh profile, and every request any page makes, for the checks that
// nothing leaves the page.
export async function openBrowser(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncdemo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: flags,
    viewport: { width: 1400, height: 950 },
    colorScheme: options.colorScheme || 'light',
  });
  const requests = [];
  const errors = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('page', (page) => watch(page, errors));
  context.pages().forEach((page) => watch(page, errors));
  return {
    context,
    requests,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page, errors) {
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
}

// Opens `file` (with `hash`, like '#event=5') and waits until the page says it is ready.
export async function openPage(browser, file, hash = '') {
  const page = await browser.context.newPage();
  await page.goto('file://' + file + hash);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  return page;
}

// The event the page shows now, from its own word (body[data-event]), once it is `expected`.
export async function waitForEvent(page, expected) {
  await page.waitForFunction((n) => document.body.getAttribute('data-event') === String(n), expected, { timeout: 30000 });
}

export async function text(page, selector) {
  return (await page.locator(selector).first().textContent()).trim();
}

export function removeFolder() {
  fs.rmSync(folder, { recursive: true, force: true });
}
