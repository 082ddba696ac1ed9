// Story: a new visitor opens the site. It loads cleanly (no console error, no request to any other host),
// shows the default scenario's KPIs, and every chart of every section draws real pixels.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSite } from './lib/browser.mjs';
import {
  CHART_SLUGS, KPI_IDS, assertChartHasInk, openTab, readKpis, tabIds, waitForAppReady,
} from './lib/dom.mjs';

describe('a new visitor opens the site', () => {
  let site;
  let page;

  before(async () => {
    site = await startSite();
    page = await site.openPage();
    await waitForAppReady(page);
  });
  after(() => site?.close());

  test('the page loads with no console error and no request to another host', () => {
    assert.deepEqual(page.foreignRequests, [], 'requests to hosts other than the page\'s own');
    assert.deepEqual(page.problems, [], 'console errors, exceptions or failed requests while loading');
  });

  test('the default scenario is shown with every KPI filled in', async () => {
    const name = (await page.getByTestId('scenario-name').textContent() ?? '').trim()
      || await page.getByTestId('scenario-name').inputValue().catch(() => '');
    assert.ok(name.length > 0, 'scenario-name is empty');
    assert.equal(await page.getByTestId('preset-picker').inputValue(), 'as-reported',
      'the default scenario is the "as-reported" preset');
    const kpis = await readKpis(page);
    for (const id of KPI_IDS) {
      assert.ok(kpis[id] !== null, `${id} is missing`);
      assert.match(kpis[id], /\d/, `${id} shows no number: "${kpis[id]}"`);
      assert.doesNotMatch(kpis[id], /NaN|undefined|inf/i, `${id} shows "${kpis[id]}"`);
    }
  });

  test('every chart is drawn with real pixels, section by section', async () => {
    const drawn = new Set();
    for (const tabId of await tabIds(page)) {
      const charts = await openTab(page, tabId);
      for (const { slug, draws } of charts) {
        assert.ok(draws >= 1, `chart-${slug} on tab-${tabId} has data-draws=${draws}`);
        await assertChartHasInk(page, slug);
        drawn.add(slug);
      }
    }
    const missing = CHART_SLUGS.filter((slug) => !drawn.has(slug));
    assert.deepEqual(missing, [], `charts never shown on any tab: ${missing.join(', ')}`);
    const total = Number(await page.evaluate(() => document.body.dataset.chartsDrawn));
    assert.ok(total >= CHART_SLUGS.length, `body data-charts-drawn=${total}, fewer than the ${CHART_SLUGS.length} charts`);
    assert.deepEqual(page.foreignRequests, [], 'requests to other hosts while switching tabs');
    assert.deepEqual(page.problems, [], 'console errors or exceptions while switching tabs');
  });
});
