// Stories of a visitor exploring: switching presets, undoing and redoing an edit, resetting, reading a chart
// as a table, hiding a series from the legend, and switching to the dark theme.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSite } from './lib/browser.mjs';
import {
  canvasInk, moveSliderToEnd, readKpis, sliderKeys, visibleCharts, waitForAppReady, waitForChange,
  waitForChartRedraw, waitForChartsDrawn,
} from './lib/dom.mjs';

/** A chart on the first tab with a legend, used for the table, legend and theme stories. */
const CHART = 'capacity';

describe('a visitor explores the scenario', () => {
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

  test('picking another preset changes the KPIs', async () => {
    const picker = page.getByTestId('preset-picker');
    const options = await picker.locator('option').evaluateAll((list) => list.map((option) => option.value));
    assert.ok(options.includes('as-reported') && options.length >= 2, `preset options: ${options.join(', ')}`);
    const other = options.includes('bear') ? 'bear' : options.find((value) => value !== 'as-reported');
    const kpisBefore = await readKpis(page);
    await picker.selectOption(other);
    assert.ok(await waitForChange(() => readKpis(page), kpisBefore), `KPIs unchanged after picking preset "${other}"`);
    assert.equal(await picker.inputValue(), other);
    assert.deepEqual(page.problems, []);
  });

  test('the 2026 company plan and HSBC presets load from the picker and from a link', async () => {
    const picker = page.getByTestId('preset-picker');
    for (const slug of ['company-plan-2026', 'hsbc-2025-11']) {
      const kpisBefore = await readKpis(page);
      const linkBefore = await page.evaluate(() => window.location.search);
      await picker.selectOption(slug);
      const kpis = await waitForChange(() => readKpis(page), kpisBefore);
      assert.ok(kpis, `KPIs unchanged after picking preset "${slug}"`);
      const link = await waitForChange(() => page.evaluate(() => window.location.search), linkBefore);
      assert.ok(link && link.startsWith('?v='), `no share link in the address bar for ${slug}: ${link}`);
      // A reader opening that link sees the same preset and the same figures.
      const reader = await site.openPage({ path: `/${link}` });
      await waitForAppReady(reader);
      assert.equal(await reader.getByTestId('preset-picker').inputValue(), slug);
      assert.deepEqual(await readKpis(reader), kpis, `the link of ${slug} opened other figures`);
      assert.deepEqual(reader.problems, []);
      await reader.close();
    }
    assert.deepEqual(page.problems, []);
  });

  test('undo and redo step through an edit, and reset returns to the preset', async () => {
    const keys = await sliderKeys(page);
    const key = keys.includes('api_vol_growth_2026') ? 'api_vol_growth_2026' : keys[0];
    const original = await readKpis(page);
    await moveSliderToEnd(page, key);
    const edited = await waitForChange(() => readKpis(page), original);
    assert.ok(edited, `KPIs unchanged after moving param-${key}-slider`);

    await page.getByTestId('undo').click();
    assert.deepEqual(await waitForChange(() => readKpis(page), edited), original, 'undo did not restore the KPIs');
    await page.getByTestId('redo').click();
    assert.deepEqual(await waitForChange(() => readKpis(page), original), edited, 'redo did not re-apply the edit');

    // The keyboard shortcut, with the focus outside any text field.
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('Control+z');
    assert.deepEqual(await waitForChange(() => readKpis(page), edited), original, 'Ctrl+Z did not undo');
    await page.keyboard.press('Control+Shift+z');
    assert.deepEqual(await waitForChange(() => readKpis(page), original), edited, 'Ctrl+Shift+Z did not redo');

    await page.getByTestId('reset').click();
    assert.deepEqual(await waitForChange(() => readKpis(page), edited), original, 'reset did not restore the preset');
    assert.deepEqual(page.problems, []);
  });

  test('a chart can be read as a table of numbers', async () => {
    const table = page.getByTestId(`chart-${CHART}-table`);
    assert.equal(await table.isVisible(), false, 'the table shows before it is asked for');
    await page.getByTestId(`chart-${CHART}-table-toggle`).click();
    await table.waitFor({ state: 'visible', timeout: 5_000 });
    const shape = await table.evaluate((element) => ({
      tag: element.tagName,
      headers: element.querySelectorAll('th').length,
      rows: element.querySelectorAll('tbody tr').length,
      numericCells: [...element.querySelectorAll('td')].filter((cell) => /\d/.test(cell.textContent)).length,
    }));
    assert.equal(shape.tag, 'TABLE');
    assert.ok(shape.headers >= 2 && shape.rows >= 2 && shape.numericCells >= 4, `table too thin: ${JSON.stringify(shape)}`);
  });

  test('a legend button hides its series and redraws the chart', async () => {
    const legend = page.getByTestId(`chart-${CHART}-legend-0`);
    assert.notEqual(await legend.getAttribute('aria-pressed'), 'false', 'series 0 starts hidden');
    const charts = await visibleCharts(page);
    const before = await canvasInk(page, CHART);
    await legend.click();
    await page.waitForFunction(
      (testId) => document.querySelector(`[data-testid="${testId}"]`).getAttribute('aria-pressed') === 'false',
      `chart-${CHART}-legend-0`,
      { timeout: 5_000 },
    );
    await waitForChartRedraw(page, CHART, charts);
    const after = await canvasInk(page, CHART);
    assert.notEqual(after.inkPixels, before.inkPixels, 'hiding a series left the canvas unchanged');
    await legend.click();
    await page.waitForFunction(
      (testId) => document.querySelector(`[data-testid="${testId}"]`).getAttribute('aria-pressed') !== 'false',
      `chart-${CHART}-legend-0`,
      { timeout: 5_000 },
    );
  });

  test('the dark theme repaints the page and the charts', async () => {
    const chartBackground = async () => (await canvasInk(page, CHART)).background;
    const pageBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [chartBefore, pageBefore] = [await chartBackground(), await pageBackground()];
    const charts = await visibleCharts(page);
    await page.getByTestId('theme-toggle').click();
    await waitForChartsDrawn(page, { previous: charts, timeout: 10_000 });
    assert.notEqual(await waitForChange(pageBackground, pageBefore), null, 'the page background did not change');
    assert.notEqual(await chartBackground(), chartBefore, `chart-${CHART} kept its background colour`);
    assert.deepEqual(page.problems, []);
  });
});
