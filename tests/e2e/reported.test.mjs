// Story of a new user checking the model against what was reported: the revenue chart marks reported figures
// as magenta diamonds; hovering one reads out the figure with its source and grade, and the legend entry
// "Reported" hides and shows them.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { saveScreenshot, startSite } from './lib/browser.mjs';
import { openTab, visibleCharts, waitForAppReady, waitForChartRedraw } from './lib/dom.mjs';

const CHART = 'revenue';
/** gigawatt_charts::REPORTED_COLOR. */
const REPORTED_RGB = [0xd6, 0x33, 0x84];

/** Centres (CSS px, relative to the canvas) of the clusters of reported-colour pixels on the chart's canvas. */
async function diamondCentres(page) {
  return page.evaluate(({ slug, rgb }) => {
    const canvas = document.querySelector(`[data-testid="chart-${slug}"] canvas`);
    const { width, height } = canvas;
    const { data } = canvas.getContext('2d').getImageData(0, 0, width, height);
    const ratio = width / canvas.getBoundingClientRect().width;
    const hits = [];
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const i = (y * width + x) * 4;
        if (Math.abs(data[i] - rgb[0]) <= 6 && Math.abs(data[i + 1] - rgb[1]) <= 6
          && Math.abs(data[i + 2] - rgb[2]) <= 6) hits.push([x, y]);
      }
    }
    // Group pixels lying within 8 device px of a cluster's first pixel (a diamond is ~10 px wide).
    const clusters = [];
    for (const [x, y] of hits) {
      const near = clusters.find((c) => Math.abs(c.x0 - x) <= 8 * ratio && Math.abs(c.y0 - y) <= 8 * ratio);
      if (near) {
        near.sx += x;
        near.sy += y;
        near.n += 1;
      } else {
        clusters.push({ x0: x, y0: y, sx: x, sy: y, n: 1 });
      }
    }
    return clusters.filter((c) => c.n >= 10).map((c) => ({ x: c.sx / c.n / ratio, y: c.sy / c.n / ratio }));
  }, { slug: CHART, rgb: REPORTED_RGB });
}

describe('a new user compares the model with reported figures', () => {
  let site;
  let page;

  before(async () => {
    site = await startSite();
    page = await site.openPage();
    await waitForAppReady(page);
    await openTab(page, 'money');
  });
  after(() => site?.close());

  test('hovering a reported marker on the revenue chart shows its source', async () => {
    const centres = await diamondCentres(page);
    assert.ok(centres.length >= 3, `reported diamonds on chart-${CHART}: ${JSON.stringify(centres)}`);
    const canvas = page.getByTestId(`chart-${CHART}`).locator('canvas');
    const box = await canvas.boundingBox();
    const readout = page.getByTestId(`chart-${CHART}`).locator('.readout');
    const texts = [];
    for (const { x, y } of centres) {
      await page.mouse.move(box.x + x, box.y + y);
      await readout.waitFor({ timeout: 5_000 });
      texts.push(await readout.textContent());
    }
    const revenue = texts.find((text) => text.includes('Reported revenue'));
    assert.ok(revenue, `no read-out names a reported revenue figure: ${JSON.stringify(texts)}`);
    assert.match(revenue, /(The Information|FT)[^·]*·\s*grade [PRESDA]/, `source and grade in ${revenue}`);
    assert.ok(texts.some((text) => text.includes('Reported revenue, 2026-01..2026-03')
      && text.includes('The Information via Reuters, Jun 15 2026')), `Q1-2026 revenue and its source: ${JSON.stringify(texts)}`);
    await saveScreenshot(page, 'reported-revenue');
    assert.deepEqual(page.problems, []);
  });

  test('the legend entry "Reported" hides and shows the markers', async () => {
    await page.mouse.move(0, 0);
    const legend = page.getByTestId(`chart-${CHART}`).locator('.legend button', { hasText: 'Reported' });
    assert.equal(await legend.count(), 1, 'one legend entry "Reported"');
    assert.equal(await legend.getAttribute('aria-pressed'), 'true');
    assert.ok((await diamondCentres(page)).length >= 3, 'markers shown at first');

    let charts = await visibleCharts(page);
    await legend.click();
    await waitForChartRedraw(page, CHART, charts);
    assert.equal(await legend.getAttribute('aria-pressed'), 'false');
    assert.deepEqual(await diamondCentres(page), [], 'the markers are hidden');

    charts = await visibleCharts(page);
    await legend.click();
    await waitForChartRedraw(page, CHART, charts);
    assert.equal(await legend.getAttribute('aria-pressed'), 'true');
    assert.ok((await diamondCentres(page)).length >= 3, 'the markers are shown again');
    assert.deepEqual(page.problems, []);
  });
});
