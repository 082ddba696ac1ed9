// Stories of a journalist writing about a scenario: every chart and the KPI strip say their finding in a
// sentence (and follow the sliders), the cash caption quotes Monte Carlo once the Risk view has run, event
// ticks name their source on hover and hide from the legend, and an exported PNG carries a footer.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startSite } from './lib/browser.mjs';
import { moveSliderToEnd, openTab, readKpis, waitForAppReady, waitForChange } from './lib/dom.mjs';

const caption = (page, testId) => page.getByTestId(testId).textContent().then((t) => t.trim());

describe('a journalist quotes the charts', () => {
  let site;
  let page;

  before(async () => {
    site = await startSite();
    page = await site.openPage();
    await waitForAppReady(page);
  });
  after(() => site?.close());

  test('the KPI caption quotes the strip and follows a slider; each chart has a caption it is described by', async () => {
    const kpis = await readKpis(page);
    const before = await caption(page, 'kpi-caption');
    for (const id of ['kpi-arr', 'kpi-it-gw', 'kpi-cash']) {
      assert.ok(before.includes(kpis[id]), `${id} ${kpis[id]} in the caption: ${before}`);
    }
    for (const slug of ['capacity', 'obligations', 'cash']) {
      const text = await caption(page, `chart-${slug}-caption`);
      assert.match(text, /\d.*\.$/, `chart-${slug}-caption: ${text}`);
      const describedBy = await page.getByTestId(`chart-${slug}`).locator('canvas').getAttribute('aria-describedby');
      assert.equal(describedBy, `chart-${slug}-caption`);
    }
    const capacityBefore = await caption(page, 'chart-capacity-caption');
    await moveSliderToEnd(page, 'wau_2030_scale');
    const after = await waitForChange(() => caption(page, 'kpi-caption'), before);
    const kpisAfter = await readKpis(page);
    assert.notEqual(kpisAfter['kpi-arr'], kpis['kpi-arr']);
    assert.ok(after.includes(kpisAfter['kpi-arr']), `the caption quotes the new ARR ${kpisAfter['kpi-arr']}: ${after}`);
    await waitForChange(() => caption(page, 'chart-capacity-caption'), capacityBefore);
    await page.getByTestId('undo').click();
    await waitForChange(() => caption(page, 'kpi-caption'), after);
    assert.deepEqual(page.problems, []);
  });

  test('an event tick read out by keyboard names its source; the legend entry "Events" hides them', async () => {
    const chart = page.getByTestId('chart-capacity');
    const canvas = chart.locator('canvas');
    const readout = chart.locator('.readout');
    /** Reads the read-out `steps` months after the first, as a keyboard user does. */
    const readAt = async (steps) => {
      await canvas.focus();
      await page.keyboard.press('Home');
      for (let i = 0; i < steps; i += 1) await page.keyboard.press('ArrowRight');
      await readout.waitFor({ timeout: 5_000 });
      return readout.textContent();
    };
    const namesSource = (text) => /GW/.test(text) && /\[[PRESDA]\]/.test(text);
    // Step month by month until the read-out names a deal with its amount and source.
    let steps = 0;
    let found = await readAt(0);
    while (!namesSource(found) && steps < 40) {
      await page.keyboard.press('ArrowRight');
      steps += 1;
      found = await readout.textContent();
    }
    assert.ok(namesSource(found), `no month of 2025–2028 reads out a deal with its source: ${found}`);
    const month = found.match(/20\d\d-\d\d/)[0];

    // The legend entry hides the ticks: the same month reads out without them; shown again, they are back.
    const events = chart.locator('.legend button', { hasText: 'Events' });
    await events.click();
    const hidden = await readAt(steps);
    assert.ok(hidden.includes(month) && !namesSource(hidden), `hidden events still read out: ${hidden}`);
    await events.click();
    const shown = await readAt(steps);
    assert.ok(namesSource(shown), `shown again: ${shown}`);
    assert.deepEqual(page.problems, []);
  });

  test('the exported PNG carries a footer band with ink in it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.getByTestId('chart-cash-png').click(),
    ]);
    const path = await download.path();
    assert.ok(path, `the PNG download failed: ${await download.failure()}`);
    const png = (await readFile(path)).toString('base64');
    const canvasHeight = await page.getByTestId('chart-cash').locator('canvas').evaluate((c) => c.height);
    // Decoded in a blank page of the same browser: the site's policy rightly refuses data: images.
    const scratch = await page.context().newPage();
    const band = await scratch.evaluate(async ({ data, chartHeight }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(image, 0, 0);
      const height = image.height - chartHeight;
      const pixels = ctx.getImageData(0, chartHeight, image.width, height).data;
      const [r0, g0, b0] = pixels;
      let ink = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (Math.abs(pixels[i] - r0) + Math.abs(pixels[i + 1] - g0) + Math.abs(pixels[i + 2] - b0) > 60) ink += 1;
      }
      return { height, ink };
    }, { data: png, chartHeight: canvasHeight });
    await scratch.close();
    assert.ok(band.height >= 20, `a footer band below the chart: ${JSON.stringify(band)}`);
    assert.ok(band.ink > 200, `text in the footer band: ${JSON.stringify(band)}`);
    assert.deepEqual(page.problems, []);
  });

  test('after the Risk view runs, the cash caption quotes its percentiles', async () => {
    await openTab(page, 'risk');
    await page.waitForFunction(() => document.querySelector('[data-testid="mc-status"]')?.dataset.phase === 'done',
      null, { timeout: 120_000 });
    await openTab(page, 'overview');
    const text = await caption(page, 'chart-cash-caption');
    assert.match(text, /Monte Carlo: P50 (20\d\d|not before \d+); P10–P90 .* over [\d,]+ runs/, text);
    assert.deepEqual(page.problems, []);
  });
});
