// Stories of Monte Carlo at its limit (issue 11): the SIMD and scalar builds of the worker give the same
// summary bit for bit (the scalar one where a browser without WebAssembly SIMD is simulated); 100,000 runs
// finish with progress, in bounded memory and without a main-thread task over 50 ms; a 100,000-run job
// cancelled midway stops at once, again without a long task.
//
// Long tasks are judged twice. A trace of the page's thread gives each task's CPU time: none may exceed 50 ms,
// whatever the machine does. The PerformanceObserver's long tasks are wall-clock time, which also counts time
// the thread waited for a core: they must be absent too, unless other processes oversubscribe the machine
// (load average above its cores plus 1.5 during the job, as on a shared development machine), in which case
// they are printed rather than asserted.
//
// The 100,000-run job takes a minute or two on a 2-core machine; the cancelled one stops at about a fifth
// (the page at once; the workers finish the chunks they hold, whose replies change nothing).

import assert from 'node:assert/strict';
import { availableParallelism, loadavg } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { guardPage, saveScreenshot, startSite } from './lib/browser.mjs';
import { installPageHelpers, openTab, waitForAppReady } from './lib/dom.mjs';

const LONG_TASK_MS = 50;
/** The runs of the largest job the Risk view takes. */
const MAX_RUNS = 100_000;
/** Over this many runs the summary is sketched (src/risk/sketch.rs, EXACT_RUNS). */
const EXACT_RUNS = 10_000;

/**
 * Installed before the app runs: every main-thread task over 50 ms (PerformanceObserver 'longtask'), with the
 * Monte Carlo phase shown when it started.
 */
function recordLongTasks() {
  window.__mcLimit = { longTasks: [], phases: [], observing: false };
  const phaseNow = () => document.querySelector('[data-testid="mc-status"]')?.dataset.phase ?? 'none';
  new MutationObserver(() => {
    const phase = phaseNow();
    if (phase !== window.__mcLimit.phases.at(-1)?.phase) window.__mcLimit.phases.push({ phase, at: performance.now() });
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-phase'] });
  const phaseAt = (time) => window.__mcLimit.phases.filter((p) => p.at <= time).at(-1)?.phase ?? 'loading';
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__mcLimit.longTasks.push({ start: entry.startTime, duration: entry.duration, phase: phaseAt(entry.startTime) });
      }
    }).observe({ type: 'longtask', buffered: true });
    window.__mcLimit.observing = true;
  } catch {
    window.__mcLimit.observing = false;
  }
}

/** A browser without WebAssembly SIMD, as far as the page can tell: nothing validates. */
function withoutSimd() {
  WebAssembly.validate = () => false;
}

async function openPage(site, { simd = true, simdFilesMissing = false } = {}) {
  const page = await site.browserContext.newPage();
  await page.addInitScript(installPageHelpers);
  await page.addInitScript(recordLongTasks);
  if (!simd) await page.addInitScript(withoutSimd);
  await guardPage(page);
  // As after a partial deployment: index.html names the SIMD worker, whose files the server no longer has.
  if (simdFilesMissing) await page.route('**/worker-simd*', (route) => route.fulfill({ status: 404, body: 'gone' }));
  page.workerScripts = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.split('/').pop();
    if (/^worker/.test(name)) page.workerScripts.push(name);
  });
  await page.goto(site.baseUrl, { waitUntil: 'load' });
  await waitForAppReady(page);
  return page;
}

async function readStatus(page) {
  return page.getByTestId('mc-status').evaluate((element) => ({
    phase: element.dataset.phase,
    generation: Number(element.dataset.generation),
    text: element.textContent.trim(),
    build: element.dataset.workerBuild ?? null,
    digest: element.dataset.digest ?? null,
    wasmMemory: Number(element.dataset.wasmMemory ?? 0),
    progress: Number(document.querySelector('[data-testid="mc-progress"]')?.getAttribute('aria-valuenow') ?? -1),
  }));
}

/** Waits for the job after `generation` to reach one of `phases`. */
async function waitForJob(page, generation, phases, { timeout = 120_000 } = {}) {
  await page.waitForFunction(([previous, wanted]) => {
    const status = document.querySelector('[data-testid="mc-status"]');
    return status && Number(status.dataset.generation) > previous && wanted.includes(status.dataset.phase);
  }, [generation, [].concat(phases)], { timeout, polling: 50 }).catch(async (error) => {
    throw new Error(`${error.message}: ${JSON.stringify(await readStatus(page))}; ${JSON.stringify(page.problems)}`);
  });
  return readStatus(page);
}

/** Sets runs and seed in one go (as one edit would) and returns the generation before. */
async function setRunsAndSeed(page, runs, seed) {
  const before = await readStatus(page);
  await page.evaluate(({ runs: wantedRuns, seed: wantedSeed }) => {
    for (const [id, value] of [['mc-seed', wantedSeed], ['mc-runs', wantedRuns]]) {
      const field = document.querySelector(`[data-testid="${id}"]`);
      if (field.value === String(value)) continue;
      field.value = String(value);
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }, { runs, seed });
  return before.generation;
}

/** Long tasks since `since` (performance.now() of the page), by phase. */
async function longTasksSince(page, since) {
  return page.evaluate((from) => window.__mcLimit.longTasks.filter((t) => t.start + t.duration >= from), since);
}

const describeTasks = (tasks) => tasks.map((t) => `${t.duration.toFixed(0)} ms while ${t.phase}`).join(', ');

/**
 * Starts a trace of the page's renderer; `stop()` returns the main thread's tasks as `{ wallMs, cpuMs }`
 * (Chromium's RunTask events, with their thread time).
 */
async function traceMainThread(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    categories: 'toplevel,disabled-by-default-devtools.timeline',
    transferMode: 'ReturnAsStream',
  });
  return async () => {
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const chunks = [];
    for (;;) {
      const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 22 });
      chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await cdp.detach();
    const parsed = JSON.parse(chunks.join(''));
    const events = parsed.traceEvents ?? parsed;
    const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`));
    return events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`))
      .map((e) => ({ wallMs: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 }));
  };
}

/** Whether other processes oversubscribe the machine (load average over its cores plus 1.5). */
function oversubscribed() {
  return loadavg()[0] > availableParallelism() + 1.5;
}

/**
 * Asserts the page's thread had no task over LONG_TASK_MS of CPU (from the trace) and, unless the machine is
 * oversubscribed, no long task at all (PerformanceObserver).
 */
function assertNoLongTask(what, cpuTasks, longTasks) {
  // A trace that matched no task of the page's thread (a renamed event or thread) would prove nothing.
  assert.ok(cpuTasks.length > 50, `${what}: the trace holds only ${cpuTasks.length} tasks of the page's thread`);
  const busy = cpuTasks.filter((t) => t.cpuMs > LONG_TASK_MS);
  assert.deepEqual(busy, [], `${what}: main-thread tasks over ${LONG_TASK_MS} ms of CPU`);
  if (longTasks.length === 0) return;
  const message = `${what}: main-thread tasks over ${LONG_TASK_MS} ms of wall-clock time: ${describeTasks(longTasks)} ` +
    `(the longest task took ${Math.max(...cpuTasks.map((t) => t.cpuMs)).toFixed(0)} ms of CPU; load average ` +
    `${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)`;
  if (oversubscribed()) console.log(`note: ${message}; not asserted on an oversubscribed machine`);
  else assert.fail(message);
}

describe('Monte Carlo at the limit', () => {
  let site;

  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  test('the SIMD and scalar workers give the same summaries bit for bit, exact and sketched', async () => {
    const results = [];
    // One page at a time (a page in the background would be throttled).
    for (const simd of [true, false]) {
      const page = await openPage(site, { simd });
      try {
        await openTab(page, 'risk');
        await waitForJob(page, -1, 'done');
        const digests = [];
        // 1,000 runs: the model's exact summary; 10,050: the sketch.
        for (const runs of [1000, EXACT_RUNS + 50]) {
          const generation = await setRunsAndSeed(page, runs, 2026);
          const done = await waitForJob(page, generation, ['done', 'failed', 'cancelled'], { timeout: 240_000 });
          assert.equal(done.phase, 'done', done.text);
          assert.match(done.text, new RegExp(`^${runs} runs done`));
          assert.match(done.digest ?? '', /^[0-9a-f]{16}$/);
          const p50 = await page.getByTestId('mc-p50-cash-2030').getAttribute('data-value');
          digests.push({ runs, digest: done.digest, p50 });
        }
        results.push({ build: (await readStatus(page)).build, digests, scripts: [...new Set(page.workerScripts)] });
        assert.deepEqual(page.problems, []);
      } finally {
        await page.close();
      }
    }
    const [withSimd, withoutSimdResult] = results;
    assert.equal(withSimd.build, 'simd', 'Chromium validates SIMD, so the page runs the SIMD worker');
    assert.equal(withoutSimdResult.build, 'scalar', 'without SIMD the page runs the scalar worker');
    assert.ok(withSimd.scripts.includes('worker-simd.js'), `SIMD page loaded ${withSimd.scripts}`);
    assert.ok(!withoutSimdResult.scripts.includes('worker-simd.js'), `scalar page loaded ${withoutSimdResult.scripts}`);
    assert.ok(withoutSimdResult.scripts.includes('worker.js'), `scalar page loaded ${withoutSimdResult.scripts}`);
    assert.deepEqual(withoutSimdResult.digests, withSimd.digests, 'same seed, same summary in both builds');
    assert.notEqual(withSimd.digests[0].digest, withSimd.digests[1].digest);
  });

  test('where the SIMD worker cannot load, the scalar one runs the job', async () => {
    // No service worker: it would serve the files from its cache, past the route that removes them.
    const bare = await startSite({ serviceWorkers: 'block' });
    const page = await openPage(bare, { simdFilesMissing: true });
    try {
      await openTab(page, 'risk');
      const done = await waitForJob(page, -1, ['done', 'failed'], { timeout: 180_000 });
      assert.equal(done.phase, 'done', done.text);
      assert.equal(done.build, 'scalar');
      assert.ok(page.workerScripts.includes('worker-simd.js'), `tried first: ${page.workerScripts}`);
      assert.ok(page.workerScripts.includes('worker.js'), `then: ${page.workerScripts}`);
      assert.ok(Number.isFinite(Number(await page.getByTestId('mc-p50-cash-2030').getAttribute('data-value'))));
      // The only problems are the missing files themselves.
      assert.deepEqual(page.problems.filter((p) => !/worker-simd/.test(p)), []);
    } finally {
      await page.close();
      await bare.close();
    }
  });

  test('100,000 runs finish with progress, in bounded memory, and no main-thread task over 50 ms', async () => {
    const page = await openPage(site);
    try {
      assert.ok(await page.evaluate(() => window.__mcLimit.observing), 'this Chromium reports long tasks');
      await openTab(page, 'risk');
      await waitForJob(page, -1, 'done');
      await page.waitForSelector('[data-testid="chart-risk-tornado-revenue"] canvas[data-draws]', { timeout: 60_000 });
      await page.waitForTimeout(500);
      // Record the progress values shown.
      await page.evaluate(() => {
        window.__mcLimit.progress = [];
        new MutationObserver(() => {
          const bar = document.querySelector('[data-testid="mc-progress"]');
          if (bar) window.__mcLimit.progress.push(Number(bar.getAttribute('aria-valuenow')));
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
      });
      const since = await page.evaluate(() => performance.now());
      const stopTrace = await traceMainThread(page);
      const generation = await setRunsAndSeed(page, MAX_RUNS, 7);
      const done = await waitForJob(page, generation, ['done', 'failed', 'cancelled'], { timeout: 900_000 });
      const cpuTasks = await stopTrace();
      assert.equal(done.phase, 'done', done.text);
      assert.match(done.text, /^100000 runs done in [\d.]+ s on \d+ workers?/);
      const progress = await page.evaluate(() => window.__mcLimit.progress);
      const distinct = new Set(progress.filter((p) => p > 0 && p < 100));
      assert.ok(distinct.size >= 20, `the progress bar moved in steps: ${[...distinct].slice(0, 30)}`);
      await page.getByTestId('mc-sketch-note').waitFor();
      assert.ok(Number.isFinite(Number(await page.getByTestId('mc-p50-cash-2030').getAttribute('data-value'))));
      // Bounded memory: the workers' WebAssembly memories together stay far below the 360 MB the samples
      // would take.
      assert.ok(done.wasmMemory > 0 && done.wasmMemory < 100e6, `workers' memory ${(done.wasmMemory / 1e6).toFixed(0)} MB`);
      const tasks = await longTasksSince(page, since);
      const inFlight = tasks.filter((t) => ['waiting', 'running', 'summarizing'].includes(t.phase));
      assertNoLongTask('during the job', cpuTasks, inFlight);
      // The nine charts of the result draw in tasks of their own.
      await page.waitForSelector('[data-testid="chart-risk-cash"] canvas[data-draws]', { timeout: 30_000 });
      await page.waitForTimeout(1000);
      const drawing = (await longTasksSince(page, since)).filter((t) => t.phase === 'done');
      if (drawing.length && oversubscribed()) {
        console.log(`note: drawing the result: ${describeTasks(drawing)}; not asserted on an oversubscribed machine`);
      } else {
        assert.deepEqual(drawing, [], `main-thread tasks over ${LONG_TASK_MS} ms drawing the result: ${describeTasks(drawing)}`);
      }
      await saveScreenshot(page, 'risk-100000-runs');
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('a 100,000-run job cancelled midway stops at once, without a long task', async () => {
    const page = await openPage(site);
    try {
      await openTab(page, 'risk');
      await waitForJob(page, -1, 'done');
      // The first job's charts drawn (each in a task of its own) before the story starts.
      await page.waitForSelector('[data-testid="chart-risk-tornado-revenue"] canvas[data-draws]', { timeout: 60_000 });
      await page.waitForTimeout(500);
      const since = await page.evaluate(() => performance.now());
      const stopTrace = await traceMainThread(page);
      const generation = await setRunsAndSeed(page, MAX_RUNS, 8);
      await page.waitForFunction((previous) => {
        const status = document.querySelector('[data-testid="mc-status"]');
        const now = Number(document.querySelector('[data-testid="mc-progress"]')?.getAttribute('aria-valuenow'));
        return Number(status?.dataset.generation) > previous && status.dataset.phase === 'running' && now >= 20;
      }, generation, { timeout: 600_000, polling: 100 });
      const clicked = await page.evaluate(() => performance.now());
      await page.getByTestId('mc-cancel').click();
      const cancelled = await waitForJob(page, generation, 'cancelled', { timeout: 5_000 });
      const stoppedMs = (await page.evaluate(() => performance.now())) - clicked;
      assert.ok(stoppedMs < 2_000, `Cancel took ${stoppedMs.toFixed(0)} ms`);
      assert.equal(cancelled.progress, 0);
      assert.equal(await page.getByTestId('mc-p50-cash-2030').count(), 0, 'a cancelled job shows no result');
      // Late replies of the cancelled job move nothing.
      await page.waitForTimeout(1_000);
      const later = await readStatus(page);
      assert.equal(later.phase, 'cancelled');
      assert.equal(later.generation, cancelled.generation);
      assert.equal(await page.getByTestId('mc-p50-cash-2030').count(), 0, 'nor after its late replies');
      const cpuTasks = await stopTrace();
      const ofTheJob = (await longTasksSince(page, since))
        .filter((t) => ['waiting', 'running', 'summarizing', 'cancelled'].includes(t.phase));
      assertNoLongTask('a cancelled job', cpuTasks, ofTheJob);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.close();
    }
  });

  test('more than 100,000 runs are refused with a message', async () => {
    const page = await openPage(site);
    try {
      await openTab(page, 'risk');
      const before = await waitForJob(page, -1, 'done');
      const field = page.getByTestId('mc-runs');
      await field.fill(String(MAX_RUNS + 1));
      await field.press('Enter');
      const error = page.getByTestId('mc-runs-error');
      await error.waitFor({ timeout: 5_000 });
      assert.match(await error.textContent(), /100 to 100,000/);
      const after = await readStatus(page);
      assert.equal(after.generation, before.generation, 'no job for a refused value');
    } finally {
      await page.close();
    }
  });
});
