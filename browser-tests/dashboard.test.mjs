// The mpire4j dashboard in a real browser: headless Chromium (Debian's package) driven by
// playwright-core. Starts the Java demo (org.mpire4j.dashboard.DemoServer from the dashboard module's
// test classes), opens the page, lets a slow map run and checks that the displayed percentage rises
// and ends at 100% / completed, and that a failed map shows its stack trace as text.
//
// Run by ./run, which sets DEMO_JAVA (the java binary) and DEMO_CLASSPATH; CHROMIUM may override
// /usr/bin/chromium. Run alone: node --test dashboard.test.mjs (with those variables set).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const TASKS = Number(process.env.DEMO_TASKS ?? 40);
const TASK_MILLIS = Number(process.env.DEMO_TASK_MILLIS ?? 100);
const STEP_TIMEOUT = 60_000;

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let java;
let javaExit;
let javaOutput = '';
let browser;
let page;
let url;

/** Resolves with the first stdout line matching the pattern, or rejects after the timeout. */
function awaitLine(lines, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      lines.off('line', onLine);
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output so far:\n${javaOutput}`));
    }, timeoutMs);
    const onLine = (line) => {
      const m = line.match(pattern);
      if (m) {
        clearTimeout(timer);
        lines.off('line', onLine);
        resolve(m);
      }
    };
    lines.on('line', onLine);
    javaExit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited (${code}) before printing ${pattern}; output:\n${javaOutput}`));
    });
  });
}

/** The card of the map whose title names the task class. */
function card(taskName) {
  return page.locator('section.map', { has: page.locator('.title', { hasText: taskName }) });
}

describe('mpire4j dashboard in headless Chromium', { timeout: 4 * STEP_TIMEOUT }, () => {
  before(async () => {
    assert.ok(process.env.DEMO_JAVA, 'DEMO_JAVA (path of a Java 25 java) must be set; use ./run');
    assert.ok(process.env.DEMO_CLASSPATH, 'DEMO_CLASSPATH must be set; use ./run');
    mkdirSync(out, { recursive: true });
    java = spawn(process.env.DEMO_JAVA, [
      '--sun-misc-unsafe-memory-access=allow', '--enable-native-access=ALL-UNNAMED',
      '-cp', process.env.DEMO_CLASSPATH, 'org.mpire4j.dashboard.DemoServer',
      '--await-go', String(TASKS), String(TASK_MILLIS), '180',
    ], { stdio: ['pipe', 'pipe', 'pipe'] });
    javaExit = new Promise((resolve) => java.on('exit', (code, signal) => resolve(code ?? signal)));
    java.stderr.on('data', (d) => { javaOutput += d; });
    const lines = createInterface({ input: java.stdout });
    lines.on('line', (line) => { javaOutput += line + '\n'; });
    [, url] = await awaitLine(lines, /^URL (http:\/\/127\.0\.0\.1:\d+\/)$/, STEP_TIMEOUT);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_FLAGS, // Playwright gives every launch a new, empty --user-data-dir
      timeout: STEP_TIMEOUT,
    });
    page = await browser.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
  });

  after(async () => {
    if (page) {
      await page.screenshot({ path: join(out, 'dashboard.png'), fullPage: true }).catch(() => {});
    }
    await browser?.close().catch(() => {});
    if (java && java.exitCode === null && java.signalCode === null) {
      java.stdin.end('quit\n');
      const ended = await Promise.race([javaExit, new Promise((r) => setTimeout(() => r('timeout'), 5000))]);
      if (ended === 'timeout') {
        java.kill('SIGKILL');
        await javaExit;
      }
    }
  });

  test('the page loads with no map yet', async () => {
    await page.goto(url);
    assert.equal(await page.title(), 'mpire4j dashboard');
    await page.locator('#status', { hasText: '0 running, 0 finished' }).waitFor();
  });

  test('a running map\'s percentage rises and ends at 100% / completed', async () => {
    java.stdin.write('go\n');
    const slow = card('SlowTask');
    await slow.waitFor();
    const samples = [];
    const deadline = Date.now() + STEP_TIMEOUT;
    let state;
    do {
      state = await slow.getAttribute('data-state');
      const text = await slow.locator('.percent').textContent();
      const percent = Number.parseInt(text, 10);
      if (Number.isFinite(percent) && samples.at(-1) !== percent) {
        samples.push(percent);
      }
      if (state !== 'running') break;
      await page.waitForTimeout(100); // sampling interval
    } while (Date.now() < deadline);
    console.log(`# percentages seen: ${samples.join(' -> ')} (state ${state})`);
    assert.equal(state, 'completed', `the map did not complete within ${STEP_TIMEOUT} ms`);
    for (let i = 1; i < samples.length; i++) {
      assert.ok(samples[i] > samples[i - 1], `the percentage went down: ${samples.join(' -> ')}`);
    }
    assert.ok(samples.some((p) => p > 0 && p < 100),
      `no percentage between 0% and 100% was seen while the map ran: ${samples.join(' -> ')}`);
    assert.equal(samples.at(-1), 100);
    assert.equal(await slow.locator('.percent').textContent(), '100%');
    assert.equal(await slow.locator('.state').textContent(), 'completed');
    assert.equal(await slow.locator('.count').textContent(), `${TASKS}/${TASKS} tasks`);
    assert.equal(await slow.locator('.fill').evaluate((e) => e.style.width), '100%');
    assert.match(await slow.locator('.meta').textContent(), /start method thread .* 2 workers/);
    assert.match(await slow.locator('.insights').textContent(), /working ratio \d\.\d\d/);
  });

  test('a failed map shows its stack trace, escaped', async () => {
    const failed = card('FailingTask');
    await failed.and(page.locator('[data-state=failed]')).waitFor();
    const trace = failed.locator('pre.trace');
    const text = await trace.textContent();
    assert.match(text, /IllegalStateException: demo failure at task 5 <b>escaped<\/b>/);
    assert.match(text, /\tat org\.mpire4j\.dashboard\.DemoServer\$FailingTask\.apply/);
    assert.equal(await trace.locator('b').count(), 0, 'the trace was parsed as HTML');
    await page.locator('#status', { hasText: '0 running, 2 finished' }).waitFor();
  });
});
