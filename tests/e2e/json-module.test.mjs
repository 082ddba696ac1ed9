// Stories of the JSON module (src/json_module.rs, src/bin/json.rs): the first view never fetches it; the File
// menu loads it on first use, after which a scenario file imports, a scenario saves and opens (one saved by an
// earlier build too) and the Share dialog works; an older link loads it before it is read. When it cannot be
// loaded (offline before it was cached), the menu and the link's notice say so in words.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { saveScreenshot, startSite } from './lib/browser.mjs';
import { installPageHelpers, readKpis, waitForAppReady, waitForChange } from './lib/dom.mjs';

/** The JSON module's files. */
const JSON_MODULE = /\/json(\.js|_bg\.wasm)$/;

/** An entry exactly as the builds before the JSON module wrote one (a partial scenario reads the same). */
const OLD_ENTRY = JSON.stringify({
  format: 'gigawatt-saved-scenario',
  version: 1,
  name: 'Saved last year',
  saved_at_ms: 1_700_000_000_000,
  scenario: { name: 'Saved last year', preset: 'bear', params: { base_delay_months: 9 } },
});

/** Version 1's "Bear" (a link of the v1 corpus): read against version 1's frozen defaults. */
const V1_LINK = '?v=1&s=AAEBAw';

/** Opens the page at `path`, recording which of the JSON module's files it fetches. */
async function openRecording(site, path = '') {
  const page = await site.browserContext.newPage();
  await page.addInitScript(installPageHelpers);
  page.jsonRequests = [];
  page.on('request', (request) => {
    if (JSON_MODULE.test(new URL(request.url()).pathname)) page.jsonRequests.push(request.url());
  });
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`uncaught exception: ${error.message}`));
  await page.goto(new URL(path, site.baseUrl).href, { waitUntil: 'load' });
  await waitForAppReady(page);
  return page;
}

async function openFileMenu(page) {
  const menu = page.getByTestId('file-menu');
  if (await menu.getAttribute('aria-expanded') !== 'true') await menu.click();
  await page.getByTestId('file-panel').waitFor({ state: 'visible' });
}

describe('the JSON module loads on first use', () => {
  let site;
  before(async () => {
    // Blocked service workers: a story below routes the site's own files.
    site = await startSite({ serviceWorkers: 'block' });
  });
  after(() => site?.close());

  test('files, saved scenarios (old ones too) and the Share dialog work once it has loaded', async () => {
    const page = await openRecording(site);
    assert.deepEqual(page.jsonRequests, [], 'the first view fetched the JSON module');
    await page.evaluate((entry) => {
      Object.keys(localStorage).filter((key) => key.startsWith('gigawatt.saved.')).forEach((key) => localStorage.removeItem(key));
      localStorage.setItem('gigawatt.saved.1700000000000', entry);
    }, OLD_ENTRY);

    await openFileMenu(page);
    await page.locator('[data-testid="file-panel"][data-json="ready"]').waitFor({ timeout: 15_000 });
    assert.ok(page.jsonRequests.length >= 2, `the menu did not load the JSON module: ${page.jsonRequests}`);

    // The entry an earlier build saved is listed and opens.
    assert.equal((await page.getByTestId('saved-name-0').textContent()).trim(), 'Saved last year');
    const before = await readKpis(page);
    await page.getByTestId('saved-open-0').click();
    const opened = await waitForChange(() => readKpis(page), before);
    assert.ok(opened, 'opening the old saved scenario did not change the KPIs');
    assert.equal((await page.getByTestId('scenario-name').textContent()).trim(), 'Saved last year');

    // Saving the open scenario under a new name lists both.
    await page.getByTestId('saved-name').fill('Saved today');
    await page.getByTestId('saved-save').click();
    await page.getByTestId('saved-row-1').waitFor();

    // A scenario file imports.
    await page.getByTestId('import-scenario').setInputFiles({
      name: 'bull.json', mimeType: 'application/json', buffer: Buffer.from('{"preset": "bull", "name": "Imported bull"}'),
    });
    await page.waitForFunction(() => document.querySelector('[data-testid="scenario-name"]')?.textContent.trim() === 'Imported bull');
    assert.equal(await page.getByTestId('import-error').count(), 0);

    // The Share dialog opens with its link (it needs no JSON).
    await page.keyboard.press('Escape');
    await page.getByTestId('share-open').click();
    await page.getByTestId('share-dialog').waitFor();
    assert.match(await page.getByTestId('share-link').inputValue(), /[?&]v=\d+/);
    await saveScreenshot(page, 'json-module-share');
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('an older link loads the module before it is read, and reads against its frozen defaults', async () => {
    const page = await openRecording(site, V1_LINK);
    assert.ok(page.jsonRequests.length >= 2, 'a version 1 link did not load the JSON module');
    const notice = page.getByTestId('link-notice');
    await notice.waitFor();
    assert.doesNotMatch(await notice.textContent(), /frozen defaults/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test('when the module cannot be loaded, the File menu and an older link say so', async () => {
    await site.browserContext.route(JSON_MODULE, (route) => route.abort('internetdisconnected'));
    try {
      const page = await openRecording(site);
      await openFileMenu(page);
      const error = page.getByTestId('json-module-error');
      await error.waitFor({ timeout: 15_000 });
      assert.match(await error.textContent(), /could not be loaded.*connection/s);
      // Exporting a scenario file says the same, and the menu stays usable.
      await page.getByTestId('export-scenario-json').click();
      await page.waitForFunction(() => /could not be loaded/.test(document.querySelector('[data-testid="import-error"]')?.textContent ?? ''));
      await saveScreenshot(page, 'json-module-failed');
      await page.close();

      const linked = await openRecording(site, V1_LINK);
      const notice = linked.getByTestId('link-notice');
      await notice.waitFor();
      assert.match(await notice.textContent(), /frozen defaults of link version 1.*could not be loaded/s);
      await linked.close();
    } finally {
      await site.browserContext.unroute(JSON_MODULE);
    }
  });
});
