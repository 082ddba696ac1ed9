// Story: the same site on a phone (390×844) and a desktop (1440×900). Every section fits the width (no
// horizontal scrolling), every chart stays inside the viewport, and a screenshot of each section is kept in
// tests/e2e/artifacts/ for a person to look at.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { saveScreenshot, startSite } from './lib/browser.mjs';
import { KPI_IDS, openTab, tabIds, waitForAppReady } from './lib/dom.mjs';

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
];

/** In-page: how wide the document is against the viewport, and any chart canvas sticking out of it. */
function measureOverflow() {
  const viewportWidth = window.innerWidth;
  const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const outside = [...document.querySelectorAll('[data-testid^="chart-"] canvas')]
    .map((canvas) => ({ canvas, rect: canvas.getBoundingClientRect() }))
    .filter(({ rect }) => rect.width > 0 && (rect.left < -1 || rect.right > viewportWidth + 1))
    .map(({ canvas, rect }) => `${canvas.closest('[data-testid]').dataset.testid} spans ${Math.round(rect.left)}..${Math.round(rect.right)}`);
  return { viewportWidth, scrollWidth, outside };
}

describe('the layout fits phones and desktops', () => {
  let site;

  before(async () => {
    site = await startSite();
  });
  after(() => site?.close());

  for (const viewport of VIEWPORTS) {
    test(`${viewport.name} ${viewport.width}×${viewport.height}: no horizontal overflow on any section`, async () => {
      const page = await site.openPage({ viewport: { width: viewport.width, height: viewport.height } });
      try {
        await waitForAppReady(page);
        for (const id of KPI_IDS) {
          assert.ok(await page.getByTestId(id).isVisible(), `${id} is not visible at ${viewport.name} size`);
        }
        for (const tabId of await tabIds(page)) {
          await openTab(page, tabId);
          const screenshot = await saveScreenshot(page, `${viewport.name}-${tabId}`);
          const { viewportWidth, scrollWidth, outside } = await page.evaluate(measureOverflow);
          assert.ok(scrollWidth <= viewportWidth,
            `tab-${tabId} at ${viewport.name} size scrolls sideways: document ${scrollWidth} px wide in a ` +
            `${viewportWidth} px viewport (see ${screenshot})`);
          assert.deepEqual(outside, [], `charts outside the ${viewportWidth} px viewport on tab-${tabId}`);
        }
        assert.deepEqual(page.problems, []);
      } finally {
        await page.close();
      }
    });
  }
});
