// Stories under the site's Content-Security-Policy (scripts/post-build.mjs; served as a header from dist/_headers
// by the static server, and as a <meta> in index.html): a reader goes through every tab (Monte Carlo runs on
// the Risk tab), opens the Share dialog, reads embedded charts, also framed by an article on another origin,
// and the browser refuses nothing: no `securitypolicyviolation` event, no console message about the policy.
// Then an accessibility audit with axe-core of the same places: no violation of impact serious or critical.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../scripts/post-build.mjs';
import { DIST_DIR } from './lib/browser.mjs';
import { openTab, tabIds, waitForAppReady, waitForChartsDrawn } from './lib/dom.mjs';
import {
  describeAxeViolations, launchBrowser, openWatchedPage, policyViolations, seriousAxeViolations,
} from './lib/policy.mjs';
import { startStaticServer } from './lib/static-server.mjs';

/** Charts shown as embeds in these stories. */
const EMBED_SLUGS = ['cash', 'capacity'];

/**
 * Violations known in code another change owns (src/share/**), reported there and tolerated here until it is
 * fixed: each is { where, id, target } (target: a CSS selector axe reports). A listed one that no longer
 * occurs is only noted, so the fix can land first.
 */
const KNOWN_VIOLATIONS = [];

/** Splits axe violations at `where` into [unknown, known] (known: every node listed in KNOWN_VIOLATIONS). */
function splitKnown(where, violations) {
  const isKnown = (violation, node) => KNOWN_VIOLATIONS.some((known) => known.where === where
    && known.id === violation.id && known.target === node.target);
  const unknown = [];
  const known = [];
  for (const violation of violations) {
    const rest = violation.nodes.filter((node) => !isKnown(violation, node));
    if (rest.length > 0) unknown.push({ ...violation, nodes: rest });
    if (rest.length < violation.nodes.length) known.push(`${where}: ${violation.id}`);
  }
  return [unknown, known];
}

/** Asserts the page (and its frames) saw no policy violation, policy message or other problem. */
async function assertNoPolicyTrouble(page, where, frame = page) {
  assert.deepEqual(await policyViolations(frame), [], `${where}: securitypolicyviolation events`);
  assert.deepEqual(page.policyMessages, [], `${where}: console messages about the Content-Security-Policy`);
  assert.deepEqual(page.problems, [], `${where}: console errors or failed requests`);
  assert.deepEqual(page.foreignRequests, [], `${where}: requests to other hosts`);
}

/** Opens the Share dialog and waits for it. */
async function openShareDialog(page) {
  await page.getByTestId('share-open').click();
  await page.getByTestId('share-dialog').waitFor();
}

describe('the Content-Security-Policy holds wherever a reader goes', () => {
  let browser;
  let server;
  let context;

  before(async () => {
    browser = await launchBrowser();
    server = await startStaticServer(DIST_DIR);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });
  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.close();
  });

  test('the policy is in force: a header with frame-ancestors, a <meta>, and an injected inline script is refused', async () => {
    const response = await fetch(server.url);
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    const page = await openWatchedPage(context, server.url);
    await waitForAppReady(page);
    assert.equal(await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content),
      META_CONTENT_SECURITY_POLICY);
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineScriptRan = true;';
      document.head.append(script);
      await new Promise((resolveSoon) => setTimeout(resolveSoon, 100));
      return window.__inlineScriptRan === true;
    });
    assert.equal(ran, false, 'an inline script ran');
    // One report per policy in force (the header's and the <meta>'s).
    const directives = (await policyViolations(page)).map((violation) => violation.directive);
    assert.ok(directives.length >= 1 && directives.every((directive) => directive === 'script-src-elem'),
      `the refused inline script was not reported as such: ${JSON.stringify(directives)}`);
    await page.close();
  });

  test('every tab, a Monte Carlo run and the Share dialog raise no violation', async () => {
    const page = await openWatchedPage(context, server.url);
    await waitForAppReady(page);
    for (const id of await tabIds(page)) {
      await openTab(page, id);
      await assertNoPolicyTrouble(page, `tab-${id}`);
    }
    await openShareDialog(page);
    await page.getByTestId('share-copy').click();
    await assertNoPolicyTrouble(page, 'Share dialog');
    await page.close();
  });

  test('embedded charts raise no violation, also in an article on another origin', async () => {
    for (const slug of EMBED_SLUGS) {
      const embed = await openWatchedPage(context, `${server.url}?embed=${slug}`, { viewport: { width: 480, height: 320 } });
      await embed.getByTestId('embed-root').waitFor();
      await waitForChartsDrawn(embed);
      await assertNoPolicyTrouble(embed, `embed ${slug}`);
      await embed.close();
    }

    const folder = await mkdtemp(join(tmpdir(), 'gigawatt-article-'));
    const article = await startStaticServer(folder);
    try {
      const src = `${server.url.replace('127.0.0.1', 'localhost')}?embed=revenue`;
      await writeFile(join(folder, 'index.html'), `<!doctype html><html lang="en"><title>An article</title><link rel="icon" href="data:,">
        <p>The lab's revenue:</p><iframe src="${src}" width="560" height="360" title="Revenue chart"></iframe>`);
      const page = await openWatchedPage(context, article.url);
      const frame = page.frames().find((f) => f.url().includes('embed=revenue'));
      assert.ok(frame, 'the article has no embed frame');
      await frame.waitForSelector('[data-testid="embed-root"]', { timeout: 30_000 });
      await waitForChartsDrawn(frame);
      await assertNoPolicyTrouble(page, 'embed in an article on another origin', frame);
    } finally {
      await article.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('accessibility audit (axe-core)', () => {
  let browser;
  let server;
  let context;

  before(async () => {
    browser = await launchBrowser();
    server = await startStaticServer(DIST_DIR);
    // axe is injected as a script, which the site's policy refuses: this context alone bypasses the policy.
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, bypassCSP: true });
  });
  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.close();
  });

  test('every tab, the Share dialog and embeds have no serious or critical violation', async (t) => {
    const found = [];
    const knownSeen = [];
    const audit = async (page, where) => {
      const [unknown, known] = splitKnown(where, await seriousAxeViolations(page));
      found.push(describeAxeViolations(where, unknown));
      knownSeen.push(...known);
    };
    const page = await openWatchedPage(context, server.url);
    await waitForAppReady(page);
    for (const id of await tabIds(page)) {
      await openTab(page, id);
      await audit(page, `tab-${id}`);
    }
    await openShareDialog(page);
    await audit(page, 'Share dialog');
    await page.close();
    for (const slug of EMBED_SLUGS) {
      const embed = await openWatchedPage(context, `${server.url}?embed=${slug}`, { viewport: { width: 480, height: 320 } });
      await embed.getByTestId('embed-root').waitFor();
      await waitForChartsDrawn(embed);
      await audit(embed, `embed ${slug}`);
      await embed.close();
    }
    for (const known of KNOWN_VIOLATIONS) {
      const label = `${known.where}: ${known.id}`;
      t.diagnostic(knownSeen.includes(label) ? `known violation, still there: ${label}` : `known violation gone (remove it from KNOWN_VIOLATIONS): ${label}`);
    }
    const report = found.filter((text) => text !== '').join('\n');
    assert.equal(report, '', `axe found serious or critical violations:\n${report}`);
  });
});
