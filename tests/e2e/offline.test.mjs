// Stories of a reader without a network: after one visit the service worker has cached the whole build, so
// with the network cut a reload still draws every chart of the first view, a slider still moves the KPIs and
// the Monte Carlo workers still start; and when a new build is deployed, its service worker replaces the old
// build's cache.
//
// The pages are not routed through Playwright (browser.mjs's guarded pages are): request interception makes
// Chromium bypass the service worker. The static server's request log shows that nothing reached it offline.

import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeServiceWorker } from '../../scripts/post-build.mjs';
import { DIST_DIR } from './lib/browser.mjs';
import {
  assertChartHasInk, moveSliderToEnd, openTab, readKpis, waitForAppReady, waitForChange,
} from './lib/dom.mjs';
import { cacheNames, launchBrowser, openWatchedPage, waitForServiceWorkerControl } from './lib/policy.mjs';
import { startStaticServer } from './lib/static-server.mjs';

/** The BUILD object ({ id, files }) a sw.js was written with. */
async function buildOf(folder) {
  const source = await readFile(join(folder, 'sw.js'), 'utf8');
  return JSON.parse(source.match(/^const BUILD = (.*);$/m)[1]);
}

/** Paths (from the site's root) of every request in `cache` of the page's origin. */
function cachedPaths(page, cache) {
  return page.evaluate(async (name) => (await (await caches.open(name)).keys())
    .map((request) => new URL(request.url).pathname).sort(), cache);
}

/** Polls the page's cache names until they equal `wanted`; returns the last reading. */
async function waitForCacheNames(page, wanted, { timeout = 30_000 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const names = await cacheNames(page);
    if (JSON.stringify(names) === JSON.stringify(wanted) || Date.now() > deadline) return names;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
}

describe('a reader who visited once opens the site offline', () => {
  let browser;
  let server;
  let context;
  let page;

  before(async () => {
    browser = await launchBrowser();
    server = await startStaticServer(DIST_DIR);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  });
  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.close();
  });

  test('the first visit installs a service worker that caches every file of the build', async () => {
    page = await openWatchedPage(context, server.url);
    await waitForAppReady(page);
    const script = await waitForServiceWorkerControl(page);
    assert.equal(new URL(script).pathname, '/sw.js');
    const build = await buildOf(DIST_DIR);
    assert.deepEqual(await cacheNames(page), [`gigawatt-${build.id}`]);
    const wanted = build.files.map((file) => new URL(file, server.url).pathname).sort();
    assert.deepEqual(await cachedPaths(page, `gigawatt-${build.id}`), wanted);
    assert.deepEqual(page.problems, [], 'console errors or failed requests on the first visit');
    assert.deepEqual(page.foreignRequests, []);
  });

  test('offline, a reload draws the first view, a slider moves the KPIs and Monte Carlo runs', async () => {
    assert.ok(page, 'the first visit did not happen');
    await context.setOffline(true);
    const requestsBefore = server.requests.length;
    try {
      await page.reload({ waitUntil: 'load' });
      const charts = await waitForAppReady(page);
      assert.ok(charts.length >= 3, `only ${charts.length} charts on the first view offline`);
      for (const { slug } of charts) await assertChartHasInk(page, slug);
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is not controlled');

      const before = await readKpis(page);
      await moveSliderToEnd(page, 'base_delay_months');
      const after = await waitForChange(() => readKpis(page), before);
      assert.ok(after, 'no KPI changed after moving base_delay_months offline');

      const riskCharts = await openTab(page, 'risk');
      assert.ok(riskCharts.length > 0, 'the Risk view drew no chart offline: its workers did not start');
      await assertChartHasInk(page, riskCharts[0].slug);
      // The browser itself may ask for /sw.js after a navigation (its update check, how a new build is found);
      // Playwright's offline emulation covers the page and its workers, not always that check.
      const reached = server.requests.slice(requestsBefore).filter((path) => path !== '/sw.js');
      assert.deepEqual(reached, [], `requests reached the server while offline: ${reached.join(', ')}`);
      assert.deepEqual(page.problems, [], 'console errors or failed requests offline');
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('a new build replaces the cache of the old one', () => {
  let browser;
  let folder;
  let server;

  before(async () => {
    browser = await launchBrowser();
    folder = await mkdtemp(join(tmpdir(), 'gigawatt-offline-'));
    await cp(DIST_DIR, join(folder, 'site'), { recursive: true });
    server = await startStaticServer(join(folder, 'site'));
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('the new service worker activates, deletes the old cache and serves the new build', async () => {
    const site = join(folder, 'site');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await openWatchedPage(context, server.url);
    await waitForAppReady(page);
    await waitForServiceWorkerControl(page);
    const oldBuild = await buildOf(site);
    assert.deepEqual(await cacheNames(page), [`gigawatt-${oldBuild.id}`]);

    // Deploy a new build: a changed index.html and the sw.js the hook writes for it.
    const html = await readFile(join(site, 'index.html'), 'utf8');
    await writeFile(join(site, 'index.html'), html.replace('</head>', '<meta name="gigawatt-test-build" content="2"></head>'));
    const newBuild = await writeServiceWorker(site);
    assert.notEqual(newBuild.id, oldBuild.id);

    // The browser checks sw.js on navigations and every day; the test asks at once.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const names = await waitForCacheNames(page, [`gigawatt-${newBuild.id}`]);
    assert.deepEqual(names, [`gigawatt-${newBuild.id}`], 'the old build\'s cache was not replaced');

    await context.setOffline(true);
    try {
      await page.reload({ waitUntil: 'load' });
      await waitForAppReady(page);
      assert.equal(await page.evaluate(() => document.querySelector('meta[name="gigawatt-test-build"]')?.content), '2',
        'offline, the reload did not get the new build\'s index.html');
    } finally {
      await context.setOffline(false);
    }
    assert.deepEqual(page.problems, []);
    await context.close();
  });
});
