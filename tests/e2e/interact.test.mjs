// Stories of a visitor changing assumptions: a slider moves the KPIs and redraws the charts, editing a deal
// changes the obligations ratio, and a bad typed value is refused with a message and changes nothing.

import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSite } from './lib/browser.mjs';
import {
  moveSliderToEnd, openTab, readKpis, sliderKeys, visibleCharts, waitForAppReady, waitForChange,
} from './lib/dom.mjs';

/** Parameters with a strong, immediate effect on the KPI strip, tried first (keys of ParamSpec). */
const INFLUENTIAL_PARAMS = ['api_vol_growth_2026', 'wau_2030_scale', 'base_delay_months', 'delivery_fraction'];

/** The first influential parameter that has a slider, else the first slider on the page. */
async function pickParam(page) {
  const keys = await sliderKeys(page);
  assert.ok(keys.length > 0, 'no parameter slider (param-<key>-slider) on the page');
  return INFLUENTIAL_PARAMS.find((key) => keys.includes(key)) ?? keys[0];
}

describe('a visitor changes the assumptions', () => {
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

  test('moving a slider changes the KPIs and redraws the charts', async () => {
    const key = await pickParam(page);
    const kpisBefore = await readKpis(page);
    const chartsBefore = await visibleCharts(page);
    const numberBefore = await page.getByTestId(`param-${key}-number`).inputValue();

    const { from, to } = await moveSliderToEnd(page, key);

    const kpisAfter = await waitForChange(() => readKpis(page), kpisBefore);
    assert.ok(kpisAfter, `KPIs unchanged after param-${key}-slider moved ${from} → ${to}: ${JSON.stringify(kpisBefore)}`);
    // At least one chart redraws (a chart that does not depend on this parameter may keep its pixels).
    const drawsBefore = Object.fromEntries(chartsBefore.map(({ slug, draws }) => [slug, draws]));
    const redrawn = await page.waitForFunction(
      (before) => window.__gigawattTest.visibleCharts().filter(({ slug, draws }) => draws > (before[slug] ?? 0)),
      drawsBefore,
      { timeout: 10_000, polling: 50 },
    ).then((handle) => handle.jsonValue())
      .catch(() => assert.fail(`no visible chart redrew after param-${key}-slider moved: ${JSON.stringify(chartsBefore)}`));
    assert.ok(redrawn.length > 0);
    assert.notEqual(await page.getByTestId(`param-${key}-number`).inputValue(), numberBefore,
      `param-${key}-number does not follow its slider`);
    assert.deepEqual(page.problems, []);
  });

  test('editing a deal changes the obligations ratio KPI', async () => {
    await openTab(page, 'deals');
    const rows = await page.locator('[data-testid^="deal-row-"]').count();
    assert.ok(rows > 0, 'the deal editor shows no deal-row-<i>');
    const ratio = () => page.getByTestId('kpi-obligations-ratio').textContent();
    const tried = [];
    // A deal's money or capacity field (value, price, GW); deals far in the future may not move the KPI year,
    // so rows are tried in order until one does.
    for (let row = 0; row < rows; row += 1) {
      const fields = await page.locator(`[data-testid="deal-row-${row}"] input[data-testid^="deal-${row}-"]`)
        .evaluateAll((inputs) => inputs
          .filter((input) => (input.type === 'number' || input.type === 'text') && !input.disabled
            && /usd|value|price|amount|gw/i.test(input.dataset.testid) && Number(input.value) > 0)
          .map((input) => ({ testId: input.dataset.testid, value: input.value })));
      if (fields.length === 0) continue;
      const { testId, value } = fields[0];
      const before = await ratio();
      const field = page.getByTestId(testId);
      await field.fill(String(Number(value) * 3));
      await field.press('Enter');
      const after = await waitForChange(ratio, before, { timeout: 3_000 });
      if (after !== null) {
        assert.deepEqual(page.problems, []);
        return;
      }
      tried.push(`${testId}: ${value} → ${Number(value) * 3}, ratio stayed ${before}`);
    }
    assert.fail(`no deal edit changed kpi-obligations-ratio; tried ${tried.length ? tried.join('; ') : 'no field'}`);
  });

  test('a bad typed value shows an error and changes no KPI', async () => {
    const key = await pickParam(page);
    const field = page.getByTestId(`param-${key}-number`);
    const slider = page.getByTestId(`param-${key}-slider`);
    const original = await field.inputValue();
    const sliderBefore = await slider.inputValue();
    const kpisBefore = await readKpis(page);

    // Text that is no number where the field allows it; otherwise a number far outside the parameter's range.
    const bad = (await field.getAttribute('type')) === 'number' ? '999999999' : 'abc';
    await field.fill(bad);
    await field.press('Enter');

    const error = page.getByTestId(`param-${key}-error`);
    await error.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => {
      throw new Error(`typing "${bad}" into param-${key}-number showed no param-${key}-error`);
    });
    assert.ok(((await error.textContent()) ?? '').trim().length > 0, `param-${key}-error is empty`);
    // Give a (wrong) update time to arrive before checking that nothing changed.
    await page.waitForTimeout(750);
    assert.deepEqual(await readKpis(page), kpisBefore, `KPIs changed after the bad value "${bad}"`);
    assert.equal(await slider.inputValue(), sliderBefore, `param-${key}-slider moved after the bad value`);

    // Typing a good value again clears the message.
    await field.fill(original);
    await field.press('Enter');
    await error.waitFor({ state: 'detached', timeout: 3_000 }).catch(async () => {
      assert.equal(await error.isVisible(), false, `param-${key}-error stays after a valid value`);
    });
    assert.deepEqual(page.problems, [], 'console errors after a bad value');
  });
});
