// Stories of embeds that last and of citing a scenario, as an author and a reader would: a link that fixes
// its theme keeps it whatever the reader's colour scheme; the Share dialog's snippet, pasted into an article
// on another origin, shows the chart and fits its frame to the height the embed posts (and to nothing
// else); a link made with older economics says so in one short line; the dialog cites the scenario with its
// link and today's date.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { guardPage, saveScreenshot, startSite } from './lib/browser.mjs';
import { canvasInk, waitForAppReady, waitForChartsDrawn } from './lib/dom.mjs';

/** Relative luminance (0 black – 1 white) of a CSS `rgb()`/`rgba()` colour or an 'r,g,b,a' string. */
function luminance(colour) {
  const [r, g, b] = colour.match(/[\d.]+/g).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** What decides an embed's look: `<html data-theme>`, the page's background and the chart canvas's. */
async function embedColours(target) {
  return target.evaluate(() => {
    const canvas = document.querySelector('[data-testid^="chart-"] canvas');
    const [r, g, b, a] = canvas.getContext('2d').getImageData(2, 2, 1, 1).data;
    return {
      theme: document.documentElement.dataset.theme,
      background: getComputedStyle(document.querySelector('.embed-root')).backgroundColor,
      canvasCorner: `${r},${g},${b},${a}`,
    };
  });
}

/** Opens the full app, opens the Share dialog, and returns the page. */
async function openShareDialog(site) {
  const page = await site.openPage();
  await waitForAppReady(page);
  await page.getByTestId('share-open').click();
  await page.getByTestId('share-dialog').waitFor();
  return page;
}

/**
 * Serves `html` as an article at http://localhost:<port>/article.html, from a server of its own: another
 * origin than the site's 127.0.0.1:<port>, as a newspaper's page would be (on loopback too, so Chromium's
 * local network access checks let it frame the site). The page gets the same guards as the app's pages
 * (console errors and uncaught exceptions of any frame, requests to other hosts). `close()` closes both.
 */
async function openArticle(site, html, { viewport, colorScheme }) {
  const server = createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(html);
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const page = await site.browserContext.newPage();
  await page.setViewportSize(viewport);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await guardPage(page);
  await page.goto(`http://localhost:${server.address().port}/article.html`, { waitUntil: 'load' });
  return {
    page,
    async close() {
      await page.close();
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}

describe('embeds and citations', () => {
  let site;

  before(async () => {
    site = await startSite();
    await site.browserContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.baseUrl });
  });
  after(() => site?.close());

  test('a link that fixes its theme keeps it in either colour scheme; without one the embed follows the reader', async () => {
    const cases = [
      { fixed: 'light', scheme: 'dark' },
      { fixed: 'dark', scheme: 'light' },
      { fixed: null, scheme: 'dark' },
    ];
    for (const { fixed, scheme } of cases) {
      const themeParam = fixed ? `&theme=${fixed}` : '';
      const embed = await site.openPage({ path: `/?embed=capacity&v=4${themeParam}`, viewport: { width: 640, height: 420 } });
      // The reader's scheme, set once the first load is done (a reload mid-load would abort its requests).
      await waitForChartsDrawn(embed);
      await embed.emulateMedia({ colorScheme: scheme });
      await embed.reload();
      await embed.getByTestId('embed-root').waitFor();
      await waitForChartsDrawn(embed);
      const expected = fixed ?? scheme;
      const colours = await embedColours(embed);
      assert.equal(colours.theme, expected, `theme=${fixed} in a ${scheme} browser: ${JSON.stringify(colours)}`);
      const light = expected === 'light';
      for (const colour of [colours.background, colours.canvasCorner]) {
        const l = luminance(colour);
        assert.ok(light ? l > 0.7 : l < 0.3, `theme=${fixed} in a ${scheme} browser: ${colour} (luminance ${l.toFixed(2)})`);
      }
      const ink = await canvasInk(embed, 'capacity');
      assert.ok(light ? luminance(ink.background) > 0.7 : luminance(ink.background) < 0.3, JSON.stringify(ink));

      // The reader switches scheme while reading: a fixed theme stays, the reader's is followed.
      const other = scheme === 'dark' ? 'light' : 'dark';
      await embed.emulateMedia({ colorScheme: other });
      if (fixed) {
        await embed.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        assert.equal((await embedColours(embed)).theme, fixed, 'a fixed theme ignores the reader\'s switch');
      } else {
        await embed.waitForFunction((want) => document.documentElement.dataset.theme === want, other);
      }
      assert.equal(await embed.getByTestId('embed-note').count(), 0, 'a link of today has nothing to note');
      assert.deepEqual(embed.problems, []);
      assert.deepEqual(embed.foreignRequests, []);
      await embed.close();
    }

    // A theme it does not know: the reader's scheme, and the short note that part of the link was ignored.
    const odd = await site.openPage({ path: '/?embed=capacity&v=4&theme=blue', viewport: { width: 640, height: 420 } });
    await waitForChartsDrawn(odd);
    await odd.emulateMedia({ colorScheme: 'dark' });
    await odd.reload();
    await odd.getByTestId('embed-root').waitFor();
    assert.equal(await odd.evaluate(() => document.documentElement.dataset.theme), 'dark');
    const note = odd.getByTestId('link-notice');
    assert.match(await note.textContent(), /could not be read \(1\)/);
    assert.match(await note.getAttribute('title'), /theme 'blue'/);
    assert.deepEqual(odd.problems, []);
    await odd.close();
  });

  test('the snippet, pasted into an article, shows the chart and fits the frame to the height the embed posts', async () => {
    const page = await openShareDialog(site);
    await page.getByTestId('share-embed-chart').selectOption('cash');
    await page.getByTestId('share-embed-theme').selectOption('light');
    const snippetField = page.getByTestId('share-embed-snippet');
    await page.waitForFunction(
      () => /embed=cash&amp;theme=light/.test(document.querySelector('[data-testid="share-embed-snippet"]').value),
    );
    const snippet = await snippetField.inputValue();
    assert.match(snippet, /^<iframe src="[^"]+" width="640" height="420" [^>]*><\/iframe>\n<script>\n[\s\S]*<\/script>$/, snippet);
    assert.ok(snippet.length < 900, `the snippet stays short: ${snippet.length} characters`);
    assert.deepEqual(page.problems, []);
    await page.close();

    // A dark article column 400 px wide; the page records every height message and where it came from.
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>An article</title>
<script>
  window.heightMessages = [];
  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'gigawatt:height') {
      window.heightMessages.push({ data: event.data, fromFrame: event.source === document.querySelector('iframe').contentWindow });
    }
  });
</script></head>
<body style="margin:0;background:#111;color:#eee;font:16px sans-serif">
<main id="column" style="width:400px;padding:0 12px">
<p>Paragraph before the chart.</p>
${snippet}
<p id="after">Paragraph after the chart.</p>
</main></body></html>`;
    const opened = await openArticle(site, html, { viewport: { width: 900, height: 900 }, colorScheme: 'dark' });
    const article = opened.page;
    const frameHeight = () => article.evaluate(() => document.querySelector('iframe').getBoundingClientRect().height);
    const fitted = async (previous) => {
      const handle = await article.waitForFunction((before) => {
        const last = window.heightMessages.at(-1);
        if (!last || last.data.height === before) return false;
        const height = document.querySelector('iframe').getBoundingClientRect().height;
        return Math.abs(height - last.data.height) < 0.5 ? last : false;
      }, previous, { timeout: 30_000 });
      return handle.jsonValue();
    };
    const first = await fitted(null);
    assert.deepEqual(Object.keys(first.data).sort(), ['embed', 'height', 'type'], JSON.stringify(first.data));
    assert.equal(first.data.embed, 'cash');
    assert.ok(first.fromFrame, 'the message comes from the iframe');
    assert.ok(Number.isInteger(first.data.height), `posted ${first.data.height} px`);
    assert.equal(await article.evaluate(() => document.querySelector('iframe').style.height), `${first.data.height}px`,
      'the snippet\'s script set the frame\'s height');
    assert.ok(first.data.height > 200 && first.data.height < 400, `a 400 px wide embed asks for ${first.data.height} px`);

    // Inside the frame: the chart drawn in the theme the link fixes (the article and the reader are dark), and
    // every line shown, nothing cut off at the bottom.
    const frame = article.frames().find((f) => f.url().includes('embed=cash'));
    assert.ok(frame, `no embed frame among ${article.frames().map((f) => f.url()).join(', ')}`);
    await frame.waitForFunction(() => Number(document.querySelector('canvas')?.getAttribute('data-draws') ?? 0) >= 1);
    const colours = await embedColours(frame);
    assert.equal(colours.theme, 'light');
    assert.ok(luminance(colours.background) > 0.7, colours.background);
    const fit = await frame.evaluate(() => ({
      viewport: window.innerHeight,
      captionBottom: document.querySelector('[data-testid="embed-caption"]').getBoundingClientRect().bottom,
      legendHidden: document.querySelector('.embed-legend').scrollHeight - document.querySelector('.embed-legend').clientHeight,
      chart: document.querySelector('.embed-surface').getBoundingClientRect().height,
    }));
    assert.ok(fit.captionBottom <= fit.viewport + 0.5, `the caption ends at ${fit.captionBottom} of ${fit.viewport} px`);
    assert.equal(fit.legendHidden, 0, 'every legend row shows');
    assert.ok(fit.chart >= 180, `the chart is ${fit.chart} px tall`);

    // The column widens (the article's desktop layout): the embed, now 640 px wide, asks for more, and the
    // frame follows.
    await article.evaluate(() => { document.getElementById('column').style.width = '700px'; });
    const second = await fitted(first.data.height);
    assert.ok(second.data.height > first.data.height + 50, `${second.data.height} px after ${first.data.height} px`);
    const settledCount = await article.evaluate(() => window.heightMessages.length);
    await saveScreenshot(article, 'embed-in-article');
    console.log(`embed heights posted: ${first.data.height} px at 400 px wide, ${second.data.height} px at 640 px`);

    // Messages from anything but that iframe change nothing (here: the article page itself).
    await article.evaluate(() => window.postMessage({ type: 'gigawatt:height', height: 40, embed: 'cash' }, '*'));
    await article.waitForFunction(() => window.heightMessages.some((m) => !m.fromFrame));
    await article.evaluate(() => new Promise((done) => setTimeout(done, 200)));
    assert.ok(Math.abs((await frameHeight()) - second.data.height) < 0.5, 'a message from another window resized the frame');
    // And the embed, at its new height, does not ask again (no loop between the frame and the chart).
    await article.evaluate(() => new Promise((done) => setTimeout(done, 500)));
    const fromFrame = await article.evaluate(() => window.heightMessages.filter((m) => m.fromFrame).length);
    assert.equal(fromFrame, settledCount, 'the embed kept posting after its frame fitted');

    assert.deepEqual(article.problems, []);
    assert.deepEqual(article.foreignRequests, []);
    await opened.close();
  });

  test('an embed of a link made with older economics says so in one short line', async () => {
    const embed = await site.openPage({ path: '/?embed=cash&v=1', viewport: { width: 640, height: 420 } });
    await embed.getByTestId('embed-root').waitFor();
    await waitForChartsDrawn(embed);
    const note = embed.getByTestId('embed-note');
    const text = (await note.textContent()).trim();
    assert.match(text, /^Made with economics v1, shown with v2: figures may differ\.$/, text);
    assert.match(await embed.getByTestId('link-notice-economics').getAttribute('title'), /inputs are unchanged/);
    const box = await note.boundingBox();
    const lineHeight = await note.evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * 1.6);
    assert.ok(box.height <= lineHeight, `one line: ${box.height} px`);
    assert.equal(await embed.getByTestId('link-notice').count(), 0, 'nothing of the link was lost');
    assert.deepEqual(embed.problems, []);
    await embed.close();
  });

  test('the Share dialog cites the scenario with its link and today\'s date, in text and BibTeX', async () => {
    const page = await site.openPage();
    await waitForAppReady(page);
    // A name with characters BibTeX and LaTeX treat specially.
    await page.getByRole('button', { name: 'Rename scenario' }).click();
    const nameInput = page.getByRole('textbox', { name: 'Scenario name' });
    await nameInput.fill('R&D {50%} bet');
    await nameInput.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="scenario-name"]')?.textContent === 'R&D {50%} bet');
    await page.getByTestId('share-open').click();
    await page.getByTestId('share-dialog').waitFor();

    const link = await page.getByTestId('share-link').inputValue();
    const text = await page.getByTestId('share-cite-text').inputValue();
    const bibtex = await page.getByTestId('share-cite-bibtex').inputValue();
    const today = await page.evaluate(() => {
      const d = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      return {
        long: `${d.getDate()} ${d.toLocaleString('en-GB', { month: 'long' })} ${d.getFullYear()}`,
        iso: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
        year: String(d.getFullYear()),
      };
    });
    assert.equal(text, `Gigawatt (economics v2). “R&D {50%} bet” scenario. Accessed ${today.long}. ${link}`);
    assert.ok(bibtex.startsWith(`@misc{gigawatt-r-d-50-bet-${today.iso},\n`), bibtex);
    assert.ok(bibtex.includes(`title        = {{\`\`R\\&D \\textbraceleft{}50\\%\\textbraceright{} bet'' scenario}}`), bibtex);
    assert.ok(bibtex.includes(`howpublished = {\\url{${link}}}`), bibtex);
    assert.ok(bibtex.includes(`year         = {${today.year}}`), bibtex);
    assert.ok(bibtex.includes(`urldate      = {${today.iso}}`), bibtex);
    assert.match(bibtex, new RegExp(`note += \\{Gigawatt simulator, economics v2, link version \\d+\\. Accessed ${today.iso}\\}`), bibtex);

    // Each copies what it shows.
    for (const [button, expected] of [['share-cite-copy-text', text], ['share-cite-copy-bibtex', bibtex]]) {
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await page.getByTestId(button).click();
      await page.waitForFunction(
        () => /Copied|Ctrl\+C/.test(document.querySelector('[data-testid="share-cite-status"]')?.textContent ?? ''),
      );
      let copied = '';
      for (let tries = 0; tries < 50 && copied !== expected; tries += 1) {
        copied = await page.evaluate(() => navigator.clipboard.readText());
        if (copied !== expected) await page.waitForTimeout(100);
      }
      assert.equal(copied, expected, `${button} copies what it shows`);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
});
