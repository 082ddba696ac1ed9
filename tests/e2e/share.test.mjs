// Stories of sharing, as a new user would: edit a scenario, copy its link, open it in a fresh browser and see
// the same numbers and pictures; Back steps through the edits; a damaged link still opens, with a notice; an
// embedded chart renders alone in a narrow frame; pinning a scenario compares it with the edits.
//
// Prints the lengths of the links the app produces (a figure for the report).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSite } from './lib/browser.mjs';
import {
  assertChartHasInk, moveSliderToEnd, openTab, readKpis, visibleCharts, waitForAppReady, waitForChange,
  waitForChartsDrawn,
} from './lib/dom.mjs';

/** The address bar's query (without '?'). */
const query = (page) => page.evaluate(() => window.location.search.slice(1));

/** A fingerprint of every visible chart's pixels: { slug: 'width×height:hash' }. */
async function chartPixels(page) {
  return page.evaluate(() => {
    const out = {};
    for (const canvas of document.querySelectorAll('[data-testid^="chart-"] canvas')) {
      if (canvas.getBoundingClientRect().width === 0) continue;
      const slug = canvas.closest('[data-testid^="chart-"]').dataset.testid.slice('chart-'.length);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let hash = 2166136261;
      for (let i = 0; i < data.length; i += 1) hash = Math.imul(hash ^ data[i], 16777619) >>> 0;
      out[slug] = `${canvas.width}×${canvas.height}:${hash.toString(16)}`;
    }
    return out;
  });
}

/** Picks a preset by its slug and waits until the KPIs follow. */
async function choosePreset(page, slug) {
  const before = await readKpis(page);
  await page.getByTestId('preset-picker').selectOption(slug);
  assert.ok(await waitForChange(() => readKpis(page), before), `KPIs did not change for preset ${slug}`);
}

/** Waits until the address bar's query differs from `previous`; returns it. */
async function nextQuery(page, previous) {
  const now = await waitForChange(() => query(page), previous);
  assert.ok(now !== null, `the address bar did not change from ?${previous}`);
  return now;
}

describe('sharing a scenario', () => {
  let site;

  before(async () => {
    site = await startSite();
    await site.browserContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
  });
  after(() => site?.close());

  test('a copied link opens the same scenario in a fresh browser, and Back steps through the edits', async () => {
    const page = await site.openPage();
    await waitForAppReady(page);
    const lengths = { 'untouched default': (await query(page)).length };

    await choosePreset(page, 'bear');
    const afterPreset = await nextQuery(page, '');
    lengths['a preset'] = afterPreset.length;
    await moveSliderToEnd(page, 'base_delay_months');
    const afterSlider = await nextQuery(page, afterPreset);
    lengths['a preset + one slider'] = afterSlider.length;
    await openTab(page, 'money');
    const afterTab = await nextQuery(page, afterSlider);
    await page.getByTestId('year-select').selectOption('2028');
    const afterYear = await nextQuery(page, afterTab);
    lengths['+ tab and year'] = afterYear.length;

    await page.getByTestId('share-open').click();
    await page.getByTestId('share-dialog').waitFor();
    await page.getByTestId('share-copy').click();
    await page.waitForFunction(
      () => /Copied|Ctrl\+C/.test(document.querySelector('[data-testid="share-copy-status"]')?.textContent ?? ''),
      null, { timeout: 5_000 },
    );
    const copied = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null)
      ?? await page.getByTestId('share-link').inputValue();
    assert.equal(new URL(copied).search.slice(1), afterYear, 'the copied link is the address bar\'s');
    lengths['full URL on this host'] = copied.length;
    await page.keyboard.press('Escape');
    await page.getByTestId('share-dialog').waitFor({ state: 'detached' });

    const kpis = await readKpis(page);
    await waitForChartsDrawn(page);
    const pixels = await chartPixels(page);

    // A stranger: another browser with a fresh profile, on another server of the same build.
    const fresh = await startSite();
    try {
      const link = new URL(copied);
      const other = await fresh.openPage({ path: `/${link.search}` });
      await waitForAppReady(other);
      assert.deepEqual(await readKpis(other), kpis, 'the KPIs differ in the fresh browser');
      assert.equal(await other.getByTestId('tab-money').getAttribute('aria-selected'), 'true');
      assert.equal(await other.getByTestId('year-select').inputValue(), '2028');
      assert.equal(await other.getByTestId('link-notice').count(), 0, 'a link the app made has nothing to warn about');
      assert.deepEqual(await chartPixels(other), pixels, 'the charts differ in the fresh browser');
      assert.equal(await query(other), afterYear, 'opening a canonical link rewrites nothing');
      assert.deepEqual(other.problems, []);
      assert.deepEqual(other.foreignRequests, []);
    } finally {
      await fresh.close();
    }

    // Back steps through the edits: year, tab, slider, preset.
    await page.goBack();
    assert.equal(await nextQuery(page, afterYear), afterTab);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('[data-testid="tab-overview"]')?.getAttribute('aria-selected') === 'true');
    await page.goBack();
    await page.waitForFunction((q) => window.location.search.slice(1) === q, afterPreset);
    const presetKpis = await waitForChange(() => readKpis(page), kpis);
    assert.ok(presetKpis, 'Back did not restore the KPIs before the slider moved');
    await page.goForward();
    await page.waitForFunction((q) => window.location.search.slice(1) === q, afterSlider);
    assert.deepEqual(page.problems, []);

    console.log(`share link lengths (characters): ${JSON.stringify(lengths)}`);
    await page.close();
  });

  test('a garbled link still opens, with a notice saying what was ignored', async () => {
    const page = await site.openPage();
    await waitForAppReady(page);
    await choosePreset(page, 'bear');
    const good = await nextQuery(page, '');
    await page.close();

    const garbled = `${good.slice(0, -6)}%%!&colour=blue`;
    const damaged = await site.openPage({ path: `/?${garbled}` });
    await waitForAppReady(damaged);
    const notice = damaged.getByTestId('link-notice');
    await notice.waitFor();
    const text = await notice.textContent();
    assert.match(text, /colour/, text);
    assert.match(text, /not all of it could be read/, text);
    const kpis = await readKpis(damaged);
    for (const [id, value] of Object.entries(kpis)) assert.match(value ?? '', /\d/, `${id} shows ${value}`);
    // The address bar now holds the link of what is shown (nothing unknown left in it).
    assert.doesNotMatch(await query(damaged), /colour/);
    await damaged.getByTestId('link-notice-dismiss').click();
    await notice.waitFor({ state: 'detached' });
    assert.deepEqual(damaged.problems, []);
    await damaged.close();
  });

  test('an embedded chart renders alone at 400 px, in light and dark', async () => {
    const page = await site.openPage();
    await waitForAppReady(page);
    await choosePreset(page, 'bear');
    const scenarioQuery = await nextQuery(page, '');
    const name = (await page.getByTestId('scenario-name').textContent()).trim();
    await page.close();

    for (const colorScheme of ['light', 'dark']) {
      const embed = await site.openPage({ path: `/?embed=capacity&${scenarioQuery}`, viewport: { width: 400, height: 300 } });
      // The host page's reader preference, as the iframe would inherit it (set once the first load is done).
      await embed.getByTestId('embed-root').waitFor();
      await waitForChartsDrawn(embed);
      await embed.emulateMedia({ colorScheme });
      await embed.reload();
      await embed.getByTestId('embed-root').waitFor();
      await waitForChartsDrawn(embed);
      const charts = await visibleCharts(embed);
      assert.deepEqual(charts.map((c) => c.slug), ['capacity'], 'the embed shows exactly one chart');
      await assertChartHasInk(embed, 'capacity');
      const layout = await embed.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        controls: document.querySelectorAll('button, input, select, textarea').length,
        canvases: document.querySelectorAll('canvas').length,
        theme: document.documentElement.dataset.theme,
        background: getComputedStyle(document.querySelector('.embed-root')).backgroundColor,
      }));
      assert.ok(layout.scrollWidth <= 400, `horizontal overflow: ${layout.scrollWidth} px`);
      assert.equal(layout.controls, 0, 'the embed has no controls');
      assert.equal(layout.canvases, 1);
      assert.equal(layout.theme, colorScheme);
      const caption = await embed.getByTestId('embed-caption').textContent();
      assert.ok(caption.includes(name), caption);
      const open = await embed.getByTestId('embed-open').getAttribute('href');
      assert.equal(new URL(open).searchParams.get('embed'), null, 'the link opens the full app');
      assert.deepEqual(embed.problems, []);
      assert.deepEqual(embed.foreignRequests, []);
      await embed.close();
    }
  });

  test('the embed fits frames from 320 to 1200 px wide', async () => {
    for (const width of [320, 1200]) {
      const embed = await site.openPage({ path: '/?embed=cash&v=1', viewport: { width, height: 420 } });
      await embed.getByTestId('embed-root').waitFor();
      await waitForChartsDrawn(embed);
      const { scrollWidth, canvasWidth } = await embed.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        canvasWidth: document.querySelector('canvas').getBoundingClientRect().width,
      }));
      assert.ok(scrollWidth <= width, `${width} px frame overflows to ${scrollWidth} px`);
      assert.ok(canvasWidth >= width * 0.9, `the chart uses ${canvasWidth} of ${width} px`);
      await embed.close();
    }
  });

  test('pinning A and editing B shows both in the charts, the KPIs and the differences', async () => {
    const page = await site.openPage();
    await waitForAppReady(page);
    const kpisA = await readKpis(page);
    await page.getByTestId('compare-pin').click();
    await page.getByTestId('compare-panel').waitFor();
    const pinned = await nextQuery(page, '');
    await choosePreset(page, 'bear');
    await nextQuery(page, pinned);

    assert.equal(await page.getByTestId('compare-kpi-arr-a').textContent(), kpisA['kpi-arr']);
    assert.equal(await page.getByTestId('compare-kpi-arr-b').textContent(), await page.getByTestId('kpi-arr').textContent());
    assert.notEqual(kpisA['kpi-arr'], await page.getByTestId('kpi-arr').textContent());
    const diff = await page.getByTestId('compare-diff').textContent();
    assert.match(diff, /Preset/, diff);

    // Two lines: the legend names A's dashed series and the hover read-out gives both values.
    const legend = await page.getByTestId('chart-cash').locator('.legend').textContent();
    assert.match(legend, /\(A\)/, legend);
    const canvas = page.getByTestId('chart-cash').locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
    const readout = page.getByTestId('chart-cash').locator('.readout');
    await readout.waitFor();
    const rows = await readout.textContent();
    assert.match(rows, /\(A\)/, rows);

    // The link carries both: a fresh page on it compares the same two scenarios.
    const both = await query(page);
    console.log(`share link length with A pinned and B on another preset: ${both.length} characters`);
    const other = await site.openPage({ path: `/?${both}` });
    await waitForAppReady(other);
    assert.equal(await other.getByTestId('compare-kpi-arr-a').textContent(), kpisA['kpi-arr']);
    await other.close();

    await page.getByTestId('compare-unpin').click();
    await page.getByTestId('compare-panel').waitFor({ state: 'detached' });
    assert.doesNotMatch(await page.getByTestId('chart-cash').locator('.legend').textContent(), /\(A\)/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
