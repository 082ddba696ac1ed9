// Launches Debian's headless Chromium through playwright-core and opens the site the way a new user would:
// a fresh profile, no cache, and guards that record every console error, uncaught exception and request to a
// host other than the page's own loopback server.

import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { installPageHelpers } from './dom.mjs';
import { startStaticServer } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
/** Where the release build is read from (scripts/test.sh sets it; default: dist/ of the repository). */
export const DIST_DIR = process.env.GIGAWATT_DIST ?? join(REPO_ROOT, 'dist');
/** Screenshots of the stories (git-ignored). */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'tests/e2e/artifacts');
export const CHROMIUM_PATH = process.env.GIGAWATT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags for Chromium on these machines: headless, as root (no sandbox), no GPU, and none of the background
 * connections (QUIC, sync, component updates) that a closed network refuses.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Hosts the page may talk to: its own loopback server (and in-page data:/blob: URLs). */
export function isLocalUrl(url) {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * Starts the static server on dist/ and Chromium with a fresh user-data directory (service workers allowed
 * unless `serviceWorkers: 'block'`).
 * Returns `{ baseUrl, browserContext, openPage(options), close() }`.
 */
export async function startSite({ viewport = { width: 1440, height: 900 }, serviceWorkers = 'allow' } = {}) {
  const server = await startStaticServer(DIST_DIR);
  const userDataDir = await mkdtemp(join(tmpdir(), 'gigawatt-e2e-profile-'));
  let browserContext;
  try {
    browserContext = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      deviceScaleFactor: 1,
      timeout: 60_000,
      // 'block' when a story routes the site's own files: a service worker would serve them from its cache.
      serviceWorkers,
    });
  } catch (error) {
    await server.close();
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`could not start ${CHROMIUM_PATH} (run ./scripts/setup.sh): ${error.message}`);
  }
  return {
    baseUrl: server.url,
    browserContext,
    /** Opens a page with its guards; see `openGuardedPage`. */
    openPage: (options) => openGuardedPage(browserContext, server.url, options),
    async close() {
      await browserContext.close().catch(() => {});
      await server.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `baseUrl + path` in a new page. `page.problems` collects console errors, uncaught exceptions and
 * failed local requests; `page.foreignRequests` every request to another host (each is aborted, so a
 * forbidden request fails fast instead of hanging on the closed network).
 */
export async function openGuardedPage(browserContext, baseUrl, { path = '', viewport } = {}) {
  const page = await browserContext.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.addInitScript(installPageHelpers);
  await guardPage(page);
  await page.goto(new URL(path, baseUrl).href, { waitUntil: 'load' });
  return page;
}

/** Saves a full-page screenshot to tests/e2e/artifacts/NAME.png and returns its path. */
export async function saveScreenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Guards `page` as every story's pages are: requests to other hosts are blocked and listed in
 * `page.foreignRequests`; console errors, uncaught exceptions, failed local requests and HTTP errors go to
 * `page.problems`.
 */
export async function guardPage(page) {
  page.problems = [];
  page.foreignRequests = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    page.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A browser drops the icon's fetch when the page navigates away first: nothing the reader sees is lost.
    const droppedIcon = /\/icons\//.test(request.url()) && request.failure()?.errorText === 'net::ERR_ABORTED';
    if (isLocalUrl(request.url()) && !droppedIcon) {
      page.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
}
