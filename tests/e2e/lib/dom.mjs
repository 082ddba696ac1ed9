// Reads and drives the app through the stable `data-testid` attributes of the DOM contract
// (notes/dom-contract.md): KPI strip, parameter sliders and fields, tabs, chart canvases, deal editor.

import assert from 'node:assert/strict';

/** Slugs of every chart (gigawatt_charts::ChartId::slug); each lives in `chart-<slug>` with a <canvas>. */
export const CHART_SLUGS = [
  'capacity', 'revenue', 'obligations', 'cash', 'exposure', 'unit-cost', 'margin', 'waterfall',
  'circularity', 'sankey', 'ownership', 'valuation', 'power',
];
/** The KPI strip's values (text such as "$20.1B", "1.9 GW", "38%"). */
export const KPI_IDS = [
  'kpi-arr', 'kpi-it-gw', 'kpi-cash', 'kpi-funding-gap', 'kpi-obligations-ratio', 'kpi-runway',
  'kpi-foundation', 'kpi-microsoft',
];
/** Section tabs the DOM contract requires (the app may have more; `tabIds` lists what the page shows). */
export const TAB_IDS = ['overview', 'capacity', 'money', 'ownership', 'deals'];

/** Every section tab on the page (`tab-<id>` with role=tab), in page order; asserts the contract's are there. */
export async function tabIds(page) {
  const ids = await page.evaluate(() => [...document.querySelectorAll('[role="tab"][data-testid^="tab-"]')]
    .map((tab) => tab.dataset.testid.slice('tab-'.length)));
  const missing = TAB_IDS.filter((id) => !ids.includes(id));
  assert.deepEqual(missing, [], `tabs missing from the page: ${missing.map((id) => `tab-${id}`).join(', ')}`);
  return ids;
}

/** Reads every KPI's text: { 'kpi-arr': '$20.1B', ... } (missing ones as null). */
export async function readKpis(page) {
  return page.evaluate((ids) => Object.fromEntries(ids.map((id) => {
    const element = document.querySelector(`[data-testid="${id}"]`);
    return [id, element ? element.textContent.trim() : null];
  })), KPI_IDS);
}

/**
 * Installed in every page before the app runs (page.addInitScript): `window.__gigawattTest.visibleCharts()`
 * lists the visible chart canvases as [{ slug, draws }], where a chart is a canvas inside an element whose
 * data-testid is `chart-<slug>` and `draws` is the canvas's `data-draws` (0 when absent).
 */
export function installPageHelpers() {
  window.__gigawattTest = {
    visibleCharts() {
      const charts = [];
      for (const canvas of document.querySelectorAll('[data-testid^="chart-"] canvas')) {
        const container = canvas.closest('[data-testid^="chart-"]');
        const rect = canvas.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0 || canvas.offsetParent === null
          || getComputedStyle(canvas).visibility === 'hidden') {
          continue;
        }
        charts.push({
          slug: container.dataset.testid.slice('chart-'.length),
          draws: Number(canvas.getAttribute('data-draws') ?? 0),
        });
      }
      return charts;
    },
  };
}

/** The visible charts and their draw counts: [{ slug, draws }]. */
export async function visibleCharts(page) {
  return page.evaluate(() => window.__gigawattTest.visibleCharts());
}

/** Waits until chart `slug` has drawn again since `charts` (a `visibleCharts()` reading). */
export async function waitForChartRedraw(page, slug, charts, { timeout = 5_000 } = {}) {
  await page.waitForFunction(
    ({ slug: wanted, draws }) => window.__gigawattTest.visibleCharts().find((chart) => chart.slug === wanted)?.draws > draws,
    charts.find((chart) => chart.slug === slug),
    { timeout },
  );
}

/**
 * Waits until at least one chart is visible and every visible chart has drawn at least once and more often
 * than in `previous` ({ slug: draws }, from an earlier `visibleCharts`). Returns the charts.
 */
export async function waitForChartsDrawn(page, { previous = [], timeout = 30_000 } = {}) {
  const previousDraws = Object.fromEntries(previous.map(({ slug, draws }) => [slug, draws]));
  const handle = await page.waitForFunction(
    (before) => {
      const charts = window.__gigawattTest.visibleCharts();
      if (charts.length === 0) return false;
      const done = charts.every(({ slug, draws }) => draws >= 1 && draws > (before[slug] ?? 0));
      return done ? charts : false;
    },
    previousDraws,
    { timeout, polling: 50 },
  ).catch(async (error) => {
    const charts = await visibleCharts(page).catch(() => []);
    throw new Error(`charts not drawn within ${timeout} ms; visible charts: ${JSON.stringify(charts)}; ` +
      `page problems: ${JSON.stringify(page.problems ?? [])} (${error.message.split('\n')[0]})`);
  });
  return handle.jsonValue();
}

/** Waits for the app to mount and draw its first charts (body `data-charts-drawn` ≥ 1 and every visible chart). */
export async function waitForAppReady(page, { timeout = 30_000 } = {}) {
  await page.waitForFunction(() => Number(document.body.dataset.chartsDrawn ?? 0) >= 1, null, { timeout })
    .catch(() => {
      throw new Error(`the app drew no chart within ${timeout} ms (body data-charts-drawn never set); ` +
        `page problems: ${JSON.stringify(page.problems ?? [])}`);
    });
  return waitForChartsDrawn(page, { timeout });
}

/**
 * Measures what a chart's canvas shows: its size and how many pixels differ from its background (the most
 * common colour, sampled on a grid). A chart with axes, labels and series covers a few percent of the canvas.
 */
export async function canvasInk(page, slug) {
  return page.evaluate((chartSlug) => {
    const canvas = document.querySelector(`[data-testid="chart-${chartSlug}"] canvas`);
    if (!canvas) return { error: `no canvas in chart-${chartSlug}` };
    const context = canvas.getContext('2d');
    if (!context) return { error: `canvas of chart-${chartSlug} has no 2D context` };
    const { width, height } = canvas;
    if (width === 0 || height === 0) return { width, height, inkPixels: 0, inkFraction: 0, colours: 0 };
    const { data } = context.getImageData(0, 0, width, height);
    const key = (i) => `${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`;
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
    let background = null;
    let backgroundCount = -1;
    for (const [colour, count] of counts) {
      if (count > backgroundCount) [background, backgroundCount] = [colour, count];
    }
    const total = width * height;
    return {
      width,
      height,
      background,
      inkPixels: total - backgroundCount,
      inkFraction: (total - backgroundCount) / total,
      colours: counts.size,
    };
  }, slug);
}

/** Asserts a visible chart really drew: data-draws ≥ 1 and enough non-background pixels in several colours. */
export async function assertChartHasInk(page, slug) {
  const ink = await canvasInk(page, slug);
  assert.equal(ink.error, undefined, ink.error);
  assert.ok(ink.width >= 100 && ink.height >= 80, `chart-${slug} canvas is only ${ink.width}×${ink.height} px`);
  assert.ok(ink.inkFraction >= 0.005 && ink.inkPixels >= 300,
    `chart-${slug} looks blank: ${ink.inkPixels} non-background pixels (${(ink.inkFraction * 100).toFixed(2)}%)`);
  assert.ok(ink.colours >= 3, `chart-${slug} has only ${ink.colours} colours: no axes, labels and series`);
  return ink;
}

/** Sections whose charts appear only after background work (the Risk view's Monte Carlo runs in workers). */
export const DEFERRED_CHART_TABS = ['risk'];

/**
 * Clicks the tab `tab-<id>`, waits until it is selected and, when the section shows charts, until each of
 * them has drawn. Returns the visible charts ([] for a section without charts). For a section in
 * DEFERRED_CHART_TABS it waits (up to `timeout`) for its charts to appear.
 */
export async function openTab(page, id, { timeout = DEFERRED_CHART_TABS.includes(id) ? 120_000 : 30_000 } = {}) {
  const tab = page.getByTestId(`tab-${id}`);
  await tab.click();
  await page.waitForFunction(
    (testId) => document.querySelector(`[data-testid="${testId}"]`)?.getAttribute('aria-selected') !== 'false',
    `tab-${id}`,
    { timeout: 5_000 },
  );
  // Let the section mount and lay out (two frames) before deciding whether it has charts.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  if (!DEFERRED_CHART_TABS.includes(id) && (await visibleCharts(page)).length === 0) return [];
  return waitForChartsDrawn(page, { timeout });
}

/** Polls until `read()` returns something different from `before` (deep equality); returns it, or null. */
export async function waitForChange(read, before, { timeout = 5_000, interval = 50 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const now = await read();
    if (JSON.stringify(now) !== JSON.stringify(before)) return now;
    if (Date.now() > deadline) return null;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, interval));
  }
}

/** The parameter keys that have a slider on the page now, in page order. */
export async function sliderKeys(page) {
  return page.evaluate(() => [...document.querySelectorAll('[data-testid^="param-"][data-testid$="-slider"]')]
    .map((element) => element.dataset.testid.slice('param-'.length, -'-slider'.length)));
}

/**
 * Moves `param-<key>-slider` the way a keyboard user does: focus it and press End (to its maximum) or, when
 * it already sits there, Home (to its minimum). Returns { from, to } values.
 */
export async function moveSliderToEnd(page, key) {
  const slider = page.getByTestId(`param-${key}-slider`);
  await slider.scrollIntoViewIfNeeded();
  const { value, max } = await slider.evaluate((element) => ({ value: element.value, max: element.max }));
  await slider.focus();
  await page.keyboard.press(Number(value) >= Number(max) ? 'Home' : 'End');
  const to = await slider.inputValue();
  assert.notEqual(to, value, `param-${key}-slider did not move (value ${value}, max ${max})`);
  return { from: value, to };
}
