// Stories of a visitor on the Risk view (Monte Carlo in Web Workers): the runs start on their own and the
// progress bar completes, fans and bars are drawn; moving a slider during a run restarts it and the result
// is always that of the latest inputs; Cancel stops a run; a reload of the same scenario and seed gives the
// same percentiles, bit for bit.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { guardPage, saveScreenshot, startSite } from './lib/browser.mjs';
import {
  assertChartHasInk, installPageHelpers, moveSliderToEnd, openTab, sliderKeys, waitForAppReady,
} from './lib/dom.mjs';

/** Charts the Risk view draws once the runs of the current inputs are done (`chart-risk-<slug>`). */
const FAN_SLUGS = ['cash', 'funding-gap', 'revenue', 'gross-margin', 'it-gw'];
const BAR_SLUGS = ['cash-out-probability', 'first-negative-year'];
const TORNADO_SLUGS = ['tornado-gap', 'tornado-revenue'];
const INFLUENTIAL_PARAMS = ['api_vol_growth_2026', 'wau_2030_scale', 'base_delay_months', 'delivery_fraction'];

/** Phase, progress, generation and (when done) the exact P50 of 2030 cash. */
async function readRisk(page) {
  return page.evaluate(() => {
    const status = document.querySelector('[data-testid="mc-status"]');
    const progress = document.querySelector('[data-testid="mc-progress"]');
    const p50 = document.querySelector('[data-testid="mc-p50-cash-2030"]');
    return {
      phase: status?.dataset.phase ?? null,
      generation: Number(status?.dataset.generation ?? -1),
      text: status?.textContent ?? '',
      progress: Number(progress?.getAttribute('aria-valuenow') ?? -1),
      p50: p50 ? p50.dataset.value : null,
    };
  });
}

/**
 * Waits until the status shows one of `phases`; with `text`, also until the status text matches it (so a
 * run that finished before the latest edit took effect is not mistaken for the edited one).
 */
async function waitForPhase(page, phases, { timeout = 60_000, text = null } = {}) {
  const wanted = [].concat(phases);
  await page.waitForFunction(
    ([names, pattern]) => {
      const status = document.querySelector('[data-testid="mc-status"]');
      return names.includes(status?.dataset.phase) && (pattern === null || new RegExp(pattern).test(status.textContent.trim()));
    },
    [wanted, text === null ? null : text.source],
    { timeout },
  ).catch(async () => {
    throw new Error(`Monte Carlo never reached ${wanted.join('/')}${text ? ` with ${text}` : ''}: ${JSON.stringify(await readRisk(page))}; ` +
      `page problems: ${JSON.stringify(page.problems)}`);
  });
  return readRisk(page);
}

/** Waits until a run is in flight and has made some progress (but is not finished). */
async function waitForProgressUnderway(page, { timeout = 30_000 } = {}) {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="mc-status"]')?.dataset.phase;
    const now = Number(document.querySelector('[data-testid="mc-progress"]')?.getAttribute('aria-valuenow'));
    return status === 'running' && now > 0 && now < 100;
  }, null, { timeout, polling: 10 });
  return readRisk(page);
}

async function setField(page, testId, value) {
  const field = page.getByTestId(testId);
  await field.fill(String(value));
  await field.press('Enter');
  await field.blur();
}

async function openRisk(page) {
  await openTab(page, 'risk');
  return waitForPhase(page, 'done');
}

async function pickParam(page) {
  const keys = await sliderKeys(page);
  assert.ok(keys.length > 0, 'no parameter slider on the page');
  return INFLUENTIAL_PARAMS.find((key) => keys.includes(key)) ?? keys[0];
}

describe('a visitor explores risk with Monte Carlo', () => {
  let site;
  let page;

  before(async () => {
    site = await startSite();
  });
  beforeEach(async () => {
    await page?.close();
    page = await site.openPage();
    await waitForAppReady(page);
  });
  after(() => site?.close());

  test('opening the Risk view runs the Monte Carlo in workers, completes the progress bar and draws every chart', async () => {
    // Record every progress value and phase the page shows, from the click on.
    await page.evaluate(() => {
      window.__riskSeen = { progress: [], phases: [] };
      const record = () => {
        const bar = document.querySelector('[data-testid="mc-progress"]');
        const status = document.querySelector('[data-testid="mc-status"]');
        if (bar) window.__riskSeen.progress.push(Number(bar.getAttribute('aria-valuenow')));
        if (status) window.__riskSeen.phases.push(status.dataset.phase);
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'data-phase'],
      });
    });
    await page.getByTestId('tab-risk').click();
    await waitForPhase(page, 'done');
    const { progress: progressSeen, phases } = await page.evaluate(() => window.__riskSeen);
    assert.ok(phases.includes('running'), `the run was seen in flight: ${phases.join(',')}`);
    const done = await readRisk(page);
    assert.equal(done.phase, 'done', `the run did not finish: ${JSON.stringify(done)} ${JSON.stringify(page.problems)}`);
    assert.equal(done.progress, 100, 'the progress bar ends full');
    assert.ok(progressSeen.some((p) => p < 100), `the progress bar started below 100: ${progressSeen.join(',')}`);
    assert.match(done.text, /1000 runs done in [\d.]+ s on \d+ workers?/);
    assert.ok(Number.isFinite(Number(done.p50)), `P50 of 2030 cash is a number: ${done.p50}`);
    // Every chart of the view is drawn with real ink.
    for (const slug of [...FAN_SLUGS, ...BAR_SLUGS]) await assertChartHasInk(page, `risk-${slug}`);
    await page.waitForSelector('[data-testid="chart-risk-tornado-gap"] canvas[data-draws]', { timeout: 30_000 });
    for (const slug of TORNADO_SLUGS) await assertChartHasInk(page, `risk-${slug}`);
    // Hovering a fan reads out the month's percentiles.
    const canvas = page.getByTestId('chart-risk-cash').locator('canvas');
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    const readout = page.getByTestId('chart-risk-cash').locator('.readout');
    await readout.waitFor({ timeout: 5_000 });
    const readoutText = await readout.textContent();
    assert.match(readoutText, /20\d\d-\d\d/);
    for (const row of ['P90', 'Median (P50)', 'P10', 'Mean']) assert.ok(readoutText.includes(row), `${row} in ${readoutText}`);
    // The fan's table view holds a row per month with ordered percentiles.
    await page.getByTestId('chart-risk-cash-table-toggle').click();
    const rows = await page.getByTestId('chart-risk-cash-table').locator('tbody tr').count();
    assert.ok(rows >= 60, `the cash fan table has ${rows} rows`);
    await saveScreenshot(page, 'risk-view');
    assert.deepEqual(page.problems, []);
    assert.deepEqual(page.foreignRequests, []);
  });

  test('moving a slider during a run restarts it, and the result is that of the latest inputs', async () => {
    await openRisk(page);
    // Enough runs that a job stays in flight for several progress updates: 3,000 took 0.4 s on 4 Dec, and
    // the story once timed out waiting to see one under way.
    await setField(page, 'mc-runs', 10000);
    const settled = await waitForPhase(page, 'done', { text: /^10000 runs/ });
    assert.match(settled.text, /^10000 runs/);
    const key = await pickParam(page);

    // Move the slider and, while its run is under way, move it back (undo): the run restarts from zero.
    await moveSliderToEnd(page, key);
    const underway = await waitForProgressUnderway(page);
    assert.ok(underway.generation > settled.generation);
    await page.getByTestId('undo').click();
    const restarted = await readRisk(page);
    assert.ok(restarted.generation > underway.generation, 'a new input starts a new job');
    assert.ok(restarted.progress === 0 && restarted.p50 === null,
      `progress resets and no stale result is shown: ${JSON.stringify(restarted)}`);
    const back = await waitForPhase(page, 'done');
    assert.equal(back.p50, settled.p50, 'after undo the result is exactly that of the original inputs');

    // Moving it again and letting the run finish gives a different result.
    await moveSliderToEnd(page, key);
    await waitForPhase(page, ['waiting', 'running']);
    const moved = await waitForPhase(page, 'done');
    assert.notEqual(moved.p50, settled.p50, `moving ${key} changes the P50 of 2030 cash`);
    assert.deepEqual(page.problems, []);
  });

  test('Cancel stops the run in flight and Run again finishes it', async () => {
    await openRisk(page);
    await setField(page, 'mc-runs', 5000);
    await waitForProgressUnderway(page);
    await page.getByTestId('mc-cancel').click();
    const cancelled = await waitForPhase(page, 'cancelled', { timeout: 5_000 });
    assert.equal(cancelled.progress, 0);
    assert.equal(cancelled.p50, null, 'a cancelled run shows no result');
    // Stale replies of the cancelled job must not move anything.
    await page.waitForTimeout(500);
    assert.deepEqual(await readRisk(page), cancelled);
    await page.getByTestId('mc-run').click();
    const done = await waitForPhase(page, 'done');
    assert.match(done.text, /^5000 runs/);
    assert.deepEqual(page.problems, []);
  });

  test('leaving the Risk view mid-run stops its workers cleanly, and coming back runs again', async () => {
    await openRisk(page);
    await setField(page, 'mc-runs', 5000);
    await waitForProgressUnderway(page);
    await openTab(page, 'overview');
    assert.equal(await page.getByTestId('mc-status').count(), 0, 'the Risk view is gone');
    await page.waitForTimeout(300);
    const back = await openRisk(page);
    assert.match(back.text, /^5000 runs/);
    assert.deepEqual(page.problems, []);
  });

  test('runs and seed travel with the scenario: a reload gives the same percentiles bit for bit', async () => {
    await openRisk(page);
    await setField(page, 'mc-seed', 7);
    await setField(page, 'mc-runs', 500);
    const first = await waitForPhase(page, 'done', { text: /^500 runs/ });
    assert.match(first.text, /^500 runs/);
    const barsDrawn = '[data-testid="chart-risk-cash-out-probability"] canvas[data-draws]';
    await page.waitForSelector(barsDrawn, { timeout: 30_000 });
    const firstTable = await page.evaluate(() => document.querySelector('[data-testid="chart-risk-cash-out-probability"]')
      ?.querySelector('canvas')?.toDataURL());

    // With share links the address bar now holds the scenario; a reload must reopen it, seed and runs included.
    const linked = await page.evaluate(() => (window.location.search + window.location.hash).length > 1);
    await page.reload({ waitUntil: 'load' });
    await waitForAppReady(page).catch(() => {});
    if ((await page.getByTestId('tab-risk').getAttribute('aria-selected')) !== 'true') await openTab(page, 'risk');
    if (linked) {
      assert.equal(await page.getByTestId('mc-seed').inputValue(), '7', 'the seed survives a reload');
      assert.equal(await page.getByTestId('mc-runs').inputValue(), '500', 'the run count survives a reload');
    } else {
      // A build without share links: the same preset and seed, entered again.
      await waitForPhase(page, 'done');
      await setField(page, 'mc-seed', 7);
      await setField(page, 'mc-runs', 500);
      await waitForPhase(page, ['waiting', 'running']);
    }
    const second = await waitForPhase(page, 'done', { text: /^500 runs/ });
    assert.equal(second.p50, first.p50, 'identical P50 after a reload');
    await page.waitForSelector(barsDrawn, { timeout: 30_000 });
    const secondTable = await page.evaluate(() => document.querySelector('[data-testid="chart-risk-cash-out-probability"]')
      ?.querySelector('canvas')?.toDataURL());
    assert.equal(secondTable, firstTable, 'the run-out-of-cash bars are pixel-identical');
    assert.deepEqual(page.problems, []);
  });

  test('an invalid run count is refused with a message and changes nothing', async () => {
    const before = await openRisk(page);
    await setField(page, 'mc-runs', 50);
    await page.getByTestId('mc-runs-error').waitFor({ timeout: 5_000 });
    const after = await readRisk(page);
    assert.equal(after.generation, before.generation, 'no new run for a refused value');
    assert.equal(after.p50, before.p50);
  });

  test('where the browser refuses to start a worker, the Risk view says so and the rest of the app works on', async () => {
    const refused = await site.browserContext.newPage();
    try {
      await refused.addInitScript(installPageHelpers);
      await guardPage(refused);
      // As a policy that forbids workers would: the constructor exists but throws.
      await refused.addInitScript(() => {
        window.Worker = function Worker() {
          throw new DOMException('Workers are not allowed on this page', 'SecurityError');
        };
      });
      await refused.goto(site.baseUrl, { waitUntil: 'load' });
      await waitForAppReady(refused);
      await refused.getByTestId('tab-risk').click();
      const failed = await waitForPhase(refused, 'failed');
      assert.match(failed.text, /workers could not start \(Workers are not allowed on this page\)/);
      assert.deepEqual(refused.problems, [], 'no panic, no console error');
      // The other views still follow the inputs.
      await openTab(refused, 'overview');
      const key = await pickParam(refused);
      const draws = await refused.locator('canvas[data-draws]').first().getAttribute('data-draws');
      await moveSliderToEnd(refused, key);
      await refused.waitForFunction((before) => {
        const canvas = document.querySelector('canvas[data-draws]');
        return canvas && canvas.dataset.draws !== before;
      }, draws, { timeout: 10_000 });
    } finally {
      await refused.close();
    }
  });
});
