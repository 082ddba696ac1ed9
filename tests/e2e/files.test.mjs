// Stories of files in and out, as a new user would do them: download a chart's CSV and compare it with the
// table view, download every monthly output, export a scenario and import it back, try a broken file, save a
// scenario in the browser and find it again after a reload, and take a chart as PNG, SVG or clipboard image.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { REPO_ROOT, saveScreenshot, startSite } from './lib/browser.mjs';
import { moveSliderToEnd, readKpis, waitForAppReady, waitForChange } from './lib/dom.mjs';

/**
 * The `gigawatt` command built by `cargo test --workspace` / `cargo build` (GIGAWATT_CLI overrides), to check
 * that the browser's outputs CSV is byte for byte what `gigawatt run --format csv` prints.
 */
const CLI = [
  process.env.GIGAWATT_CLI,
  process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'release/gigawatt'),
  process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, 'debug/gigawatt'),
  join(REPO_ROOT, 'target/release/gigawatt'),
  join(REPO_ROOT, 'target/debug/gigawatt'),
].find((path) => path && existsSync(path));

/** RFC 4180 CSV (quoted fields, CRLF or LF line ends) → array of rows of strings. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Clicks `testId` and returns the download it starts: { name, path, text() , bytes() }. */
async function downloadFrom(page, testId) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    page.getByTestId(testId).click(),
  ]);
  const path = await download.path();
  assert.ok(path, `the download from ${testId} failed: ${await download.failure()}`);
  return {
    name: download.suggestedFilename(),
    path,
    text: () => readFile(path, 'utf8'),
    bytes: () => readFile(path),
  };
}

/** The table view of chart `slug` as { headers, rows } of cell texts. */
async function readChartTable(page, slug) {
  const toggle = page.getByTestId(`chart-${slug}-table-toggle`);
  if (await toggle.getAttribute('aria-expanded') !== 'true') await toggle.click();
  const table = page.getByTestId(`chart-${slug}-table`);
  await table.waitFor();
  return table.evaluate((element) => ({
    headers: [...element.querySelectorAll('thead th')].map((th) => th.textContent),
    rows: [...element.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((cell) => cell.textContent)),
  }));
}

async function openFileMenu(page) {
  const menu = page.getByTestId('file-menu');
  if (await menu.getAttribute('aria-expanded') !== 'true') await menu.click();
  await page.getByTestId('file-panel').waitFor({ state: 'visible' });
  // The first opening loads the JSON module (files, saved scenarios): a short wait, once.
  await page.locator('[data-testid="file-panel"][data-json="ready"]').waitFor({ timeout: 15_000 });
}

/** Waits until the KPIs equal `expected` (after an import or open); fails with both when they do not. */
async function expectKpis(page, expected, what) {
  const deadline = Date.now() + 5_000;
  let now;
  do {
    now = await readKpis(page);
    if (JSON.stringify(now) === JSON.stringify(expected)) return;
    await new Promise((done) => setTimeout(done, 50));
  } while (Date.now() < deadline);
  assert.deepEqual(now, expected, what);
}

describe('a visitor takes files out and brings them back', () => {
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

  test("a chart's CSV holds exactly the numbers of its table view", async () => {
    for (const slug of ['capacity', 'cash']) {
      const table = await readChartTable(page, slug);
      assert.ok(table.rows.length > 0, `chart-${slug}-table is empty`);
      const file = await downloadFrom(page, `chart-${slug}-csv`);
      assert.equal(file.name, `gigawatt-${slug}.csv`);
      const csv = parseCsv(await file.text());
      assert.deepEqual(csv[0], table.headers, `chart-${slug}: CSV header differs from the table's`);
      assert.deepEqual(csv.slice(1), table.rows, `chart-${slug}: CSV rows differ from the table's cells`);
    }
    assert.deepEqual(page.problems, []);
  });

  test('all monthly outputs download as one CSV: a row per month, a column per series', async () => {
    await openFileMenu(page);
    const file = await downloadFrom(page, 'export-outputs-csv');
    assert.match(file.name, /^gigawatt-.*outputs\.csv$/);
    const rows = parseCsv(await file.text());
    const [header, ...months] = rows;
    assert.equal(header[0], 'month');
    for (const series of ['revenue_usd_b', 'it_gw', 'cash_usd_b', 'funding_gap_usd_b', 'ownership_foundation']) {
      assert.ok(header.includes(series), `the outputs CSV has no ${series} column: ${header.join(',')}`);
    }
    assert.equal(new Set(header).size, header.length, 'duplicate columns');
    // Months run from 2025-01 without a gap to the last year of the year picker.
    const years = await page.getByTestId('year-select').evaluate((select) => [...select.options].map((o) => Number(o.value)));
    assert.equal(months[0][0], '2025-01');
    months.forEach((row, i) => {
      const expected = `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
      assert.equal(row[0], expected, `row ${i + 1}`);
      assert.equal(row.length, header.length, `row ${row[0]} has ${row.length} cells`);
      for (const cell of row.slice(1)) assert.ok(Number.isFinite(Number(cell)), `${row[0]}: "${cell}"`);
    });
    assert.equal(Number(months.at(-1)[0].slice(0, 4)), Math.max(...years));
    // The cash column is the same money as the cash chart's table (rounded there for reading).
    const cashTable = await readChartTable(page, 'cash');
    const cashCol = cashTable.headers.findIndex((h) => /^cash/i.test(h));
    assert.ok(cashCol > 0, `no cash column in chart-cash-table: ${cashTable.headers}`);
    const byMonth = Object.fromEntries(months.map((row) => [row[0], Number(row[header.indexOf('cash_usd_b')])]));
    let compared = 0;
    for (const row of cashTable.rows) {
      if (!(row[0] in byMonth)) continue;
      const shown = Number(row[cashCol].replace(/[^0-9.-]/g, ''));
      const decimals = (row[cashCol].split('.')[1] ?? '').replace(/[^0-9]/g, '').length;
      assert.ok(Math.abs(shown - byMonth[row[0]]) <= 0.5 * 10 ** -decimals + 1e-9,
        `${row[0]}: table shows ${row[cashCol]}, CSV has ${byMonth[row[0]]}`);
      compared += 1;
    }
    assert.ok(compared >= 12, `only ${compared} months of the cash table matched the CSV's months`);
    assert.deepEqual(page.problems, []);
  });

  test('the outputs CSV is exactly what `gigawatt run --format csv` prints',
    { skip: !CLI && 'no gigawatt binary: build crates/cli or set GIGAWATT_CLI' }, async () => {
      await openFileMenu(page);
      const file = await downloadFrom(page, 'export-outputs-csv');
      const printed = execFileSync(CLI, ['run', '--format', 'csv'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const downloaded = await file.text();
      assert.ok(downloaded === printed,
        `the browser's CSV differs from ${CLI}'s (${downloaded.length} vs ${printed.length} characters; first lines: ` +
        `${JSON.stringify(downloaded.slice(0, 200))} vs ${JSON.stringify(printed.slice(0, 200))})`);
    });

  test('an exported scenario imports back with identical KPIs, as one undoable step', async () => {
    const defaultKpis = await readKpis(page);
    const { to } = await moveSliderToEnd(page, 'base_delay_months');
    await page.keyboard.press('Tab');
    const editedKpis = await waitForChange(() => readKpis(page), defaultKpis);
    assert.ok(editedKpis, 'moving the base delay slider did not change the KPIs');
    const name = (await page.getByTestId('scenario-name').textContent()).trim();
    await openFileMenu(page);
    const file = await downloadFrom(page, 'export-scenario-json');
    assert.match(file.name, /^gigawatt-.*\.json$/);
    const json = JSON.parse(await file.text());
    assert.equal(json.params?.base_delay_months, Number(to), 'the file holds the edited base delay');

    // Back to the plain preset: the KPIs change.
    await page.getByTestId('reset').click();
    const resetKpis = await waitForChange(() => readKpis(page), editedKpis);
    assert.ok(resetKpis, 'Reset did not change the KPIs');

    await page.getByTestId('import-scenario').setInputFiles(file.path);
    await expectKpis(page, editedKpis, 'KPIs after importing the exported scenario');
    assert.equal((await page.getByTestId('scenario-name').textContent()).trim(), name);
    assert.equal(await page.getByTestId('import-error').count(), 0);

    await page.getByTestId('undo').click();
    await expectKpis(page, resetKpis, 'Undo after the import returns to the scenario before it');
    assert.deepEqual(page.problems, []);
  });

  test('a broken file says what is wrong and keeps the scenario', async () => {
    const kpis = await readKpis(page);
    await openFileMenu(page);
    const input = page.getByTestId('import-scenario');

    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"preset": "bear",\n  "params": {') });
    const error = page.getByTestId('import-error');
    await error.waitFor();
    const text = await error.textContent();
    assert.match(text, /broken\.json/);
    assert.match(text, /line 2/);
    assert.deepEqual(await readKpis(page), kpis, 'a broken file changed the KPIs');

    await input.setInputFiles({ name: 'picture.json', mimeType: 'application/json', buffer: Buffer.from('{"params": {"no_such_knob": 1}}') });
    await page.waitForFunction(() => /no_such_knob/.test(document.querySelector('[data-testid="import-error"]')?.textContent ?? ''));

    await input.setInputFiles({ name: 'negative.json', mimeType: 'application/json', buffer: Buffer.from('{"params": {"base_delay_months": -5}}') });
    await page.waitForFunction(() => /base_delay_months/.test(document.querySelector('[data-testid="import-error"]')?.textContent ?? ''));
    assert.equal(await page.getByTestId('import-anyway').count(), 1, 'a file with problems can still be opened on request');
    assert.deepEqual(await readKpis(page), kpis, 'a file with problems changed the KPIs before being accepted');
    assert.equal(await page.getByTestId('undo').isDisabled(), true, 'a refused import added an undo step');
    assert.deepEqual(page.problems, []);
  });

  test('a saved scenario survives a reload, opens, is renamed and deleted', async () => {
    await page.evaluate(() => Object.keys(localStorage)
      .filter((key) => key.startsWith('gigawatt.saved.')).forEach((key) => localStorage.removeItem(key)));
    const defaultKpis = await readKpis(page);
    await moveSliderToEnd(page, 'base_delay_months');
    await page.keyboard.press('Tab');
    const savedKpis = await waitForChange(() => readKpis(page), defaultKpis);
    assert.ok(savedKpis, 'moving the base delay slider did not change the KPIs');
    await openFileMenu(page);
    await page.getByTestId('saved-name').fill('Late deliveries');
    await page.getByTestId('saved-save').click();
    await page.getByTestId('saved-row-0').waitFor();
    await saveScreenshot(page, 'files-saved-panel');

    // A new visit to the bare address (a plain reload keeps the edited scenario in the address bar).
    await page.goto(new URL('/', site.baseUrl).href);
    await waitForAppReady(page);
    const freshKpis = await readKpis(page);
    assert.notDeepEqual(freshKpis, savedKpis, 'a new visit should start from the default scenario');
    await openFileMenu(page);
    assert.equal(await page.locator('[data-testid^="saved-row-"]').count(), 1);
    assert.equal((await page.getByTestId('saved-name-0').textContent()).trim(), 'Late deliveries');
    await page.getByTestId('saved-open-0').click();
    await expectKpis(page, savedKpis, 'KPIs after opening the saved scenario');

    await page.getByTestId('saved-rename-0').click();
    await page.getByTestId('saved-rename-input-0').fill('Two-year slip');
    await page.getByTestId('saved-rename-input-0').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="saved-name-0"]')?.textContent.trim() === 'Two-year slip');
    await page.reload();
    await waitForAppReady(page);
    await openFileMenu(page);
    assert.equal((await page.getByTestId('saved-name-0').textContent()).trim(), 'Two-year slip');

    await page.getByTestId('saved-delete-0').click();
    await page.getByTestId('saved-empty').waitFor();
    await page.getByTestId('saved-undo-delete').click();
    await page.getByTestId('saved-row-0').waitFor();
    await page.getByTestId('saved-delete-0').click();
    await page.getByTestId('saved-empty').waitFor();
    await page.reload();
    await waitForAppReady(page);
    await openFileMenu(page);
    await page.getByTestId('saved-empty').waitFor();
    assert.deepEqual(page.problems, []);
  });

  test('a damaged saved entry is listed as unreadable and can be deleted', async () => {
    await page.evaluate(() => {
      Object.keys(localStorage).filter((key) => key.startsWith('gigawatt.saved.')).forEach((key) => localStorage.removeItem(key));
      localStorage.setItem('gigawatt.saved.damaged', '{"format": "gigawatt-saved-scenario", "version": 1, "name": "x", "scenario": 7');
    });
    await page.reload();
    await waitForAppReady(page);
    await openFileMenu(page);
    const row = page.getByTestId('saved-row-0');
    assert.match(await row.textContent(), /Unreadable/);
    assert.equal(await page.getByTestId('saved-open-0').count(), 0);
    await page.getByTestId('saved-delete-0').click();
    await page.getByTestId('saved-empty').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('gigawatt.saved.damaged')), null);
    assert.deepEqual(page.problems, []);
  });

  test('without storage (private mode) saving says why and the rest works', async () => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
      });
    });
    await page.reload();
    await waitForAppReady(page);
    await openFileMenu(page);
    const message = await page.getByTestId('saved-unavailable').textContent();
    assert.match(message, /does not let Gigawatt store scenarios/);
    assert.match(message, /SecurityError/);
    await page.getByTestId('saved-save').click();
    assert.match(await page.getByTestId('saved-error').textContent(), /does not let Gigawatt store/);
    // Files still work.
    const file = await downloadFrom(page, 'export-scenario-json');
    assert.match(file.name, /\.json$/);
    assert.deepEqual(page.problems, []);
  });

  test('a full storage refuses to save with a message and keeps the scenario', async () => {
    await page.addInitScript(() => {
      Storage.prototype.setItem = function setItem() {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.reload();
    await waitForAppReady(page);
    const kpis = await readKpis(page);
    await openFileMenu(page);
    await page.getByTestId('saved-name').fill('Will not fit');
    await page.getByTestId('saved-save').click();
    assert.match(await page.getByTestId('saved-error').textContent(), /storage for this site is full/);
    assert.equal(await page.locator('[data-testid^="saved-row-"]').count(), 0);
    assert.deepEqual(await readKpis(page), kpis);
    assert.deepEqual(page.problems, []);
  });

  test('a chart downloads as PNG at the screen pixel ratio and as SVG', async () => {
    // A HiDPI screen: twice as many device pixels as CSS pixels.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1440, height: 900, deviceScaleFactor: 2, mobile: false });
    await page.reload();
    await waitForAppReady(page);
    assert.equal(await page.evaluate(() => window.devicePixelRatio), 2);
    const canvas = await page.getByTestId('chart-capacity').locator('canvas').evaluate((c) => ({
      width: c.width, height: c.height, cssWidth: c.getBoundingClientRect().width,
    }));
    assert.ok(canvas.width >= 1.9 * canvas.cssWidth, `canvas ${canvas.width} px for ${canvas.cssWidth} CSS px`);

    const png = await downloadFrom(page, 'chart-capacity-png');
    assert.equal(png.name, 'gigawatt-capacity.png');
    const bytes = await png.bytes();
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'not a PNG');
    assert.equal(bytes.readUInt32BE(16), canvas.width, 'PNG width ≠ the HiDPI canvas width');
    // The chart at full resolution, then the footer band (caption, source line, date) under it.
    assert.ok(bytes.readUInt32BE(20) > canvas.height + 20, 'PNG height: the HiDPI canvas plus a footer band');
    assert.ok(bytes.length > 5_000, `PNG is only ${bytes.length} bytes`);

    const svg = await downloadFrom(page, 'chart-capacity-svg');
    assert.equal(svg.name, 'gigawatt-capacity.svg');
    const text = await svg.text();
    assert.match(text, /<svg[^>]*width="\d+"/);
    assert.match(text, /<text/, 'the SVG has no text (axes, labels)');
    assert.ok((text.match(/<(path|polygon|polyline|rect|line)/g) ?? []).length > 20, 'the SVG draws almost nothing');
    await cdp.send('Emulation.clearDeviceMetricsOverride');
    assert.deepEqual(page.problems, []);
  });

  test('a chart is copied to the clipboard as a PNG image', async () => {
    await site.browserContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
    const copy = page.getByTestId('chart-capacity-copy');
    assert.equal(await copy.count(), 1, 'Chromium supports ClipboardItem: the copy button should be offered');
    await page.bringToFront();
    await copy.click();
    const status = page.getByTestId('chart-capacity-export-status');
    await status.waitFor();
    assert.match(await status.textContent(), /Copied/);
    const types = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      return items.flatMap((item) => item.types);
    });
    assert.ok(types.includes('image/png'), `clipboard holds ${JSON.stringify(types)}`);
    assert.deepEqual(page.problems, []);
  });
});
