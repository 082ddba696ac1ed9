// Helpers of the offline, Content-Security-Policy and accessibility stories (offline.test.mjs,
// policy.test.mjs): a browser whose pages are NOT routed through Playwright (request interception makes
// Chromium bypass the service worker, so browser.mjs's guarded pages never see it), a recorder of
// `securitypolicyviolation` events and CSP console messages, and an axe-core audit.

import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, isLocalUrl } from './browser.mjs';
import { installPageHelpers } from './dom.mjs';

const require = createRequire(import.meta.url);
/** axe-core's browser build (npm devDependency). */
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** Launches Debian's headless Chromium; contexts come from `browser.newContext(options)`. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * Installed before the app runs: every `securitypolicyviolation` of the document lands in
 * `window.__cspViolations` as { directive, blocked, source, line, sample }.
 */
export function recordPolicyViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
    });
  });
}

/** A console message that is about the Content-Security-Policy (Chromium: "Refused to …", "Content Security Policy"). */
export function isPolicyMessage(text) {
  return /Content[- ]Security[- ]Policy|Refused to (load|execute|connect|create|apply|frame|evaluate)/i.test(text);
}

/**
 * Opens `url` in a new page of `context`, without request interception. `page.problems` collects console
 * errors, uncaught exceptions, failed local requests and HTTP errors; `page.policyMessages` console messages
 * of any level about the policy; `page.foreignRequests` requests to hosts other than loopback.
 */
export async function openWatchedPage(context, url, { viewport, waitUntil = 'load' } = {}) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.addInitScript(installPageHelpers);
  await page.addInitScript(recordPolicyViolations);
  page.problems = [];
  page.policyMessages = [];
  page.foreignRequests = [];
  page.on('request', (request) => {
    if (!isLocalUrl(request.url())) page.foreignRequests.push(request.url());
  });
  page.on('console', (message) => {
    if (isPolicyMessage(message.text())) page.policyMessages.push(`console ${message.type()}: ${message.text()}`);
    if (message.type() === 'error') page.problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (isLocalUrl(request.url())) page.problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  await page.goto(url, { waitUntil });
  return page;
}

/** The policy violations the page's document has recorded so far. */
export function policyViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? ['the violation recorder is missing']);
}

/** Waits until the page is controlled by an activated service worker; returns its script URL. */
export async function waitForServiceWorkerControl(page, { timeout = 60_000 } = {}) {
  const handle = await page.waitForFunction(
    () => navigator.serviceWorker?.controller?.state === 'activated' && navigator.serviceWorker.controller.scriptURL,
    null,
    { timeout, polling: 100 },
  ).catch(async (error) => {
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker?.getRegistration();
      return {
        registered: Boolean(registration),
        installing: registration?.installing?.state ?? null,
        waiting: registration?.waiting?.state ?? null,
        active: registration?.active?.state ?? null,
        marker: document.querySelector('meta[name="gigawatt-service-worker"]')?.content ?? null,
      };
    }).catch((e) => ({ error: e.message }));
    throw new Error(`no service worker controls the page within ${timeout} ms: ${JSON.stringify(state)}; ` +
      `page problems: ${JSON.stringify(page.problems)} (${error.message.split('\n')[0]})`);
  });
  return handle.jsonValue();
}

/** The names of the page origin's caches (Cache Storage). */
export function cacheNames(page) {
  return page.evaluate(() => caches.keys());
}

/**
 * Runs axe-core on the page (injected once per document with page.addScriptTag, which a strict policy
 * blocks: audit in a context made with `bypassCSP: true`). Returns its violations of impact serious or
 * critical as [{ id, impact, help, nodes: [{ target, summary }] }].
 */
export async function seriousAxeViolations(page, { include } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (selector) => {
    const result = await window.axe.run(selector ? { include: [selector] } : document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target.join(' '), summary: node.failureSummary, html: node.html })),
    }));
  }, include ?? null);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Formats axe violations for an assertion message. */
export function describeAxeViolations(where, violations) {
  return violations.map((violation) => `${where}: ${violation.id} (${violation.impact}) ${violation.help}\n` +
    violation.nodes.slice(0, 6).map((node) => `    ${node.target}: ${node.html.slice(0, 160)}\n      ${(node.summary ?? '').replaceAll('\n', ' ')}`).join('\n'))
    .join('\n');
}
