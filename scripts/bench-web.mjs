// Measures the release build in dist/ as a visitor gets it (run through scripts/bench-web.sh):
//   1. transfer size: brotli (quality 11) of every .wasm, .js and .css in dist/, and of what the first view
//      downloads against its budget (360 KB);
//   2. load: time from navigation start to every visible chart drawn, over fresh browser contexts (cold cache);
//   3. interaction: time from a slider `input` event to every visible chart redrawn, measured in the page with
//      performance.now() and a MutationObserver on the canvases' `data-draws`, plus to the next animation frame.
// Prints medians. Exits 1 when the first view is over its size budget or a measurement cannot be taken.
//
// Options (environment): GIGAWATT_DIST (default dist/), BENCH_LOADS (default 7), BENCH_TRIALS (default 40),
// BENCH_BUDGET_BYTES (first view; default 360000), BENCH_PARAM (slider key; default: first influential one present).

import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, DIST_DIR, isLocalUrl } from '../tests/e2e/lib/browser.mjs';
import { installPageHelpers, sliderKeys } from '../tests/e2e/lib/dom.mjs';
import { startStaticServer } from '../tests/e2e/lib/static-server.mjs';

const LOADS = Number(process.env.BENCH_LOADS ?? 7);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 40);
const BUDGET_BYTES = Number(process.env.BENCH_BUDGET_BYTES ?? 360_000);
const INFLUENTIAL_PARAMS = ['api_vol_growth_2026', 'wau_2030_scale', 'base_delay_months', 'delivery_fraction'];

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (value) => `${value.toFixed(1)} ms`;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

async function listFiles(folder) {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/**
 * Brotli and gzip sizes of the code a browser downloads (wasm, js, css). Returns the brotli total and the
 * brotli size per file (by path relative to dist/).
 */
async function measureTransferSize() {
  const files = (await listFiles(DIST_DIR)).filter((file) => ['.wasm', '.js', '.css'].includes(extname(file)));
  if (files.length === 0) throw new Error(`no .wasm/.js/.css in ${DIST_DIR}: build it first`);
  console.log(`Transfer size (brotli quality 11; gzip -9 for reference) of ${DIST_DIR}:`);
  let totalRaw = 0;
  let totalBrotli = 0;
  let totalGzip = 0;
  const brotliByFile = new Map();
  for (const file of files.sort()) {
    const body = await readFile(file);
    const brotli = brotliCompressSync(body, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
        [zlibConstants.BROTLI_PARAM_MODE]: extname(file) === '.wasm'
          ? zlibConstants.BROTLI_MODE_GENERIC : zlibConstants.BROTLI_MODE_TEXT,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }).length;
    const gzip = gzipSync(body, { level: 9 }).length;
    totalRaw += body.length;
    totalBrotli += brotli;
    totalGzip += gzip;
    brotliByFile.set(file.slice(DIST_DIR.length + 1), brotli);
    console.log(`  ${file.slice(DIST_DIR.length + 1).padEnd(44)} ${kb(body.length).padStart(10)} raw ` +
      `${kb(brotli).padStart(10)} br ${kb(gzip).padStart(10)} gz`);
  }
  console.log(`  ${'total'.padEnd(44)} ${kb(totalRaw).padStart(10)} raw ${kb(totalBrotli).padStart(10)} br ` +
    `${kb(totalGzip).padStart(10)} gz`);
  console.log(`transfer size: ${kb(totalBrotli)} brotli, all files (the budget is the first view's, below)`);
  return { totalBrotli, brotliByFile };
}

/**
 * Installed before the app runs: records performance.now() at the first moment when at least one chart is
 * visible, every visible chart canvas has drawn, and body data-charts-drawn ≥ the number of visible charts.
 */
function recordFirstFullDraw() {
  window.__gigawattBench = { allDrawnAt: null };
  const check = () => {
    if (window.__gigawattBench.allDrawnAt !== null || !document.body) return;
    const charts = window.__gigawattTest.visibleCharts();
    const total = Number(document.body.dataset.chartsDrawn ?? 0);
    if (charts.length > 0 && total >= charts.length && charts.every(({ draws }) => draws >= 1)) {
      window.__gigawattBench.allDrawnAt = performance.now();
      window.__gigawattBench.charts = charts.length;
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-draws', 'data-charts-drawn'],
  });
}

function guardPage(page, problems) {
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return page.route('**/*', (route) => (isLocalUrl(route.request().url()) ? route.continue() : route.abort()));
}

async function newPage(browser, problems) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await guardPage(page, problems);
  await page.addInitScript(installPageHelpers);
  await page.addInitScript(recordFirstFullDraw);
  return { context, page };
}

/**
 * Cold loads in fresh contexts: navigation start → every visible chart drawn. Returns the paths (relative to
 * dist/) the first load requested before its charts were all drawn.
 */
async function measureLoads(browser, url) {
  const times = [];
  let charts = 0;
  const firstViewPaths = new Set();
  for (let load = 0; load < LOADS; load += 1) {
    const problems = [];
    const { context, page } = await newPage(browser, problems);
    if (load === 0) {
      page.on('request', (request) => firstViewPaths.add(decodeURIComponent(new URL(request.url()).pathname.slice(1))));
    }
    try {
      await page.goto(url, { waitUntil: 'load' });
      const handle = await page.waitForFunction(() => window.__gigawattBench.allDrawnAt, null, { timeout: 60_000 })
        .catch(() => { throw new Error(`charts never all drawn on load ${load + 1}; ${problems.join('; ')}`); });
      times.push(await handle.jsonValue());
      charts = await page.evaluate(() => window.__gigawattBench.charts);
      if (load === 0) page.removeAllListeners('request');
    } finally {
      await context.close();
    }
  }
  console.log(`load → all ${charts} visible charts drawn, ${LOADS} cold loads: median ${ms(quantile(times, 0.5))} ` +
    `(min ${ms(Math.min(...times))}, max ${ms(Math.max(...times))})`);
  return firstViewPaths;
}

/**
 * Splits the transfer size into what the first view downloads and what is fetched later (e.g. workers), and
 * returns whether the first view is within the budget.
 */
function reportFirstView(brotliByFile, firstViewPaths) {
  let firstView = 0;
  const later = [];
  for (const [path, brotli] of brotliByFile) {
    if (firstViewPaths.has(path)) firstView += brotli;
    else later.push(`${path} ${kb(brotli)}`);
  }
  console.log(`first view downloads ${kb(firstView)} brotli of code; fetched later or never on the first view: ` +
    `${later.length ? later.join(', ') : 'nothing'}`);
  const verdict = firstView <= BUDGET_BYTES ? 'within budget' : 'OVER BUDGET';
  console.log(`first view: ${kb(firstView)} brotli of a ${kb(BUDGET_BYTES)} budget: ${verdict}`);
  return firstView <= BUDGET_BYTES;
}

/**
 * In-page, one trial: sets the slider to `value`, dispatches `input`, and resolves with the time until every
 * visible canvas's data-draws has grown (MutationObserver) and until the frame after that (rAF).
 */
function sliderTrial({ key, value, timeoutMs }) {
  return new Promise((resolveTrial, rejectTrial) => {
    const slider = document.querySelector(`[data-testid="param-${key}-slider"]`);
    const canvases = [...document.querySelectorAll('[data-testid^="chart-"] canvas')]
      .filter((canvas) => canvas.getBoundingClientRect().width > 0 && canvas.offsetParent !== null);
    const before = canvases.map((canvas) => Number(canvas.getAttribute('data-draws') ?? 0));
    let observer;
    const timer = setTimeout(() => {
      observer.disconnect();
      rejectTrial(new Error(`charts not all redrawn ${timeoutMs} ms after input (value ${value})`));
    }, timeoutMs);
    const started = performance.now();
    observer = new MutationObserver(() => {
      const done = canvases.every((canvas, i) => Number(canvas.getAttribute('data-draws') ?? 0) > before[i]);
      if (!done) return;
      const redrawnMs = performance.now() - started;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => resolveTrial({ redrawnMs, frameMs: performance.now() - started, charts: canvases.length }));
    });
    canvases.forEach((canvas) => observer.observe(canvas, { attributes: true, attributeFilter: ['data-draws'] }));
    slider.value = String(value);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Slider input → every visible chart redrawn, TRIALS times, alternating between 25% and 75% of its range. */
async function measureSlider(browser, url) {
  const problems = [];
  const { context, page } = await newPage(browser, problems);
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__gigawattBench.allDrawnAt, null, { timeout: 60_000 });
    const keys = await sliderKeys(page);
    const key = process.env.BENCH_PARAM ?? INFLUENTIAL_PARAMS.find((k) => keys.includes(k)) ?? keys[0];
    if (!key || !keys.includes(key)) throw new Error(`no slider param-${key}-slider on the page (have: ${keys.join(', ')})`);
    const { min, max, step } = await page.getByTestId(`param-${key}-slider`)
      .evaluate((e) => ({ min: Number(e.min), max: Number(e.max), step: Number(e.step) || 0 }));
    const snap = (v) => (step > 0 ? min + Math.round((v - min) / step) * step : v);
    const values = [snap(min + (max - min) * 0.25), snap(min + (max - min) * 0.75)];
    const redrawn = [];
    const framed = [];
    let charts = 0;
    for (let trial = 0; trial < TRIALS + 2; trial += 1) {
      const result = await page.evaluate(sliderTrial, { key, value: values[trial % 2], timeoutMs: 10_000 });
      // Let any follow-up work (a debounce, a background Monte Carlo run) settle before the next trial.
      await page.waitForTimeout(100);
      if (trial < 2) continue; // warm-up
      redrawn.push(result.redrawnMs);
      framed.push(result.frameMs);
      charts = result.charts;
    }
    console.log(`slider param-${key} input → all ${charts} visible charts redrawn, ${TRIALS} trials: ` +
      `median ${ms(quantile(redrawn, 0.5))} (p90 ${ms(quantile(redrawn, 0.9))}); to next frame: ` +
      `median ${ms(quantile(framed, 0.5))} (p90 ${ms(quantile(framed, 0.9))})`);
    if (problems.length) console.log(`page problems during the benchmark: ${problems.join('; ')}`);
  } finally {
    await context.close();
  }
}

const { brotliByFile } = await measureTransferSize();
const server = await startStaticServer(DIST_DIR);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
let failed = false;
try {
  if (!reportFirstView(brotliByFile, await measureLoads(browser, server.url))) failed = true;
  await measureSlider(browser, server.url);
} catch (error) {
  console.error(`benchmark failed: ${error.message}`);
  failed = true;
} finally {
  await browser.close();
  await server.close();
}
process.exit(failed ? 1 : 0);
