// Trunk post_build hook (Trunk.toml): makes a release build of the site offline-capable and locks it down.
// Runs on Trunk's staging folder (TRUNK_STAGING_DIR) after index.html is written, before it becomes dist/.
//
// In a release build (`trunk build --release`, TRUNK_PROFILE=release) it
//   1. moves Trunk's inline module loader (`<script type="module">import init … </script>`) into a file,
//      `boot-<digest>.js`, so that no inline script is left and the policy needs no per-build hash;
//   2. puts the Content-Security-Policy (CONTENT_SECURITY_POLICY below) in a <meta http-equiv> at the top of
//      <head>, without `frame-ancestors`, which browsers ignore (with a console error) in a <meta>;
//   3. writes `_headers` (Netlify / Cloudflare Pages format) sending the full policy, frame-ancestors included,
//      as an HTTP header; tests/e2e/lib/static-server.mjs honours the same file;
//   4. names the SIMD build of the Monte Carlo worker, when scripts/build-simd-worker.mjs (a `build` hook) has
//      put it in the folder, in a <meta name="gigawatt-simd-worker"> (the page loads it where SIMD validates);
//   5. renames the app module's imports to short names and minifies its JS glue (scripts/shorten-imports.mjs;
//      about 3.5 KB brotli of the first view), updating their integrity attributes in index.html;
//   6. writes `sw.js` from scripts/service-worker.js with this build's id (a digest of every file it caches)
//      and file list, and marks index.html with <meta name="gigawatt-service-worker">, which is what makes the
//      app register it (src/offline.rs).
// A debug build (`trunk serve`, scripts/serve.sh) and `trunk serve --release` are left alone: Trunk's live
// reload is an inline script talking over a WebSocket, which the policy would block, and a service worker
// would serve stale builds between rebuilds. `trunk serve --release` is recognised by that inline script.
//
// The functions are exported for tests/e2e/post-build.test.mjs; run directly, it processes
// $TRUNK_STAGING_DIR (or the folder given as its argument: `node scripts/post-build.mjs dist`).

import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simdWorkerMeta } from './build-simd-worker.mjs';
import { shortenImports } from './shorten-imports.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The site's policy, one directive a line. Scripts only from the site (the wasm needs 'wasm-unsafe-eval');
 * styles also inline (the app adds its stylesheet as a <style> element and Yew writes `style=` attributes);
 * workers from the site and from blob: (src/risk/bridge.rs starts each Monte Carlo worker from a small blob:
 * script that imports /worker.js); no connection, image or frame from another host; embeddable anywhere.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  'frame-ancestors *',
];

/** The full policy (HTTP header). */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');
/** The policy as a <meta> may carry it (frame-ancestors only works as a header). */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES
  .filter((directive) => !directive.startsWith('frame-ancestors')).join('; ');

/** Files of dist/ the service worker does not cache: itself and the static host's header rules. */
const NOT_CACHED = new Set(['sw.js', '_headers']);
/** A marker of Trunk's live-reload script (injected by `trunk serve`, release or not). */
const LIVE_RELOAD_MARKER = '__TRUNK_ADDRESS__';

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/**
 * Moves every inline `<script type="module">` of `html` into a file. Returns `{ html, scripts }` with
 * `scripts` as [{ name, source }]; `html` references each as `<script type="module" src>`.
 * Throws when any other inline script remains (the policy would block it).
 */
export function externalizeInlineScripts(html, publicUrl = '/') {
  const scripts = [];
  const rewritten = html.replace(/<script type="?module"?>([\s\S]*?)<\/script>/g, (_, source) => {
    const name = `boot-${sha256(source).slice(0, 16)}.js`;
    scripts.push({ name, source: `${source.trim()}\n` });
    return `<script type="module" src="${publicUrl}${name}"></script>`;
  });
  const leftover = [...rewritten.matchAll(/<script\b([^>]*)>/g)].filter(([, attributes]) => !/\bsrc=/.test(attributes));
  if (leftover.length > 0) {
    throw new Error(`index.html keeps an inline script the Content-Security-Policy would block: ${leftover[0][0]}`);
  }
  return { html: rewritten, scripts };
}

/** Puts `tags` right after <meta charset> (or at the top of <head>), replacing an earlier copy of each. */
export function injectHeadTags(html, tags) {
  let out = html;
  for (const tag of tags) {
    const [, name] = tag.match(/^<meta (?:http-equiv|name)="([^"]+)"/) ?? [];
    if (name) out = out.replace(new RegExp(`<meta (?:http-equiv|name)="${name}"[^>]*>`, 'g'), '');
  }
  const block = tags.join('');
  const charset = out.match(/<meta charset[^>]*>/i);
  if (charset) return out.replace(charset[0], `${charset[0]}${block}`);
  return out.replace(/<head>/i, `<head>${block}`);
}

/** Every file under `folder`, as sorted paths relative to it with '/' separators. */
export async function listFiles(folder) {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/'))
    .sort();
}

/** The build's id: a digest of the names and contents of `files` (paths relative to `folder`). */
export async function buildId(folder, files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(await readFile(join(folder, file)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The service worker of a build: the template with its BUILD line filled in. */
export async function serviceWorkerSource({ id, files }) {
  const template = await readFile(join(here, 'service-worker.js'), 'utf8');
  const marker = /^const BUILD = .*$/m;
  if (!marker.test(template)) throw new Error('scripts/service-worker.js lost its `const BUILD = …` line');
  // index.html is cached as the site's root ('./'), which is what a navigation asks for.
  const cached = files.map((file) => (file === 'index.html' ? './' : file));
  const build = `const BUILD = ${JSON.stringify({ id, files: cached })};`;
  return template.replace(marker, () => build);
}

/** Writes sw.js into `folder` for the files there now; returns `{ id, files }`. */
export async function writeServiceWorker(folder) {
  const files = (await listFiles(folder)).filter((file) => !NOT_CACHED.has(file));
  const id = await buildId(folder, files);
  await writeFile(join(folder, 'sw.js'), await serviceWorkerSource({ id, files }));
  return { id, files };
}

/** `_headers` for static hosts that read one (Netlify, Cloudflare Pages): the policy on every path. */
export function headersFile() {
  return `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`;
}

/** `html` with the `integrity` attribute of every tag naming `file` set to `bytes`' SHA-384. */
export function withIntegrity(html, file, bytes) {
  const digest = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  return html.replace(/<link\b[^>]*>/g, (tag) => (tag.includes(`/${file}`)
    ? tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity="${digest}"`)
    : tag));
}

/**
 * Shortens the imports of the app's wasm-bindgen module and minifies its glue (scripts/shorten-imports.mjs):
 * every `<name>.js` ES module beside a `<name>_bg.wasm` (the Monte Carlo workers' glue is a plain script, left
 * as it is). Returns `html` with their integrity attributes updated.
 */
export async function shortenModules(folder, html) {
  let out = html;
  for (const file of await listFiles(folder)) {
    const wasmFile = file.replace(/\.js$/, '_bg.wasm');
    if (wasmFile === file || !(await listFiles(folder)).includes(wasmFile)) continue;
    const js = await readFile(join(folder, file), 'utf8');
    if (!/\bexport\s*\{/.test(js)) continue;
    const result = await shortenImports(await readFile(join(folder, wasmFile)), js);
    if (result.renamed === 0) continue;
    await writeFile(join(folder, wasmFile), result.wasm);
    await writeFile(join(folder, file), result.js);
    out = withIntegrity(withIntegrity(out, file, result.js), wasmFile, result.wasm);
  }
  return out;
}

/** Processes a release build in `folder` (see the top of this file). */
export async function processRelease(folder, { publicUrl = '/' } = {}) {
  const indexPath = join(folder, 'index.html');
  const original = await shortenModules(folder, await readFile(indexPath, 'utf8'));
  const { html: withoutInline, scripts } = externalizeInlineScripts(original, publicUrl);
  for (const { name, source } of scripts) await writeFile(join(folder, name), source);
  const html = injectHeadTags(withoutInline, [
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(META_CONTENT_SECURITY_POLICY)}">`,
    `<meta name="gigawatt-service-worker" content="${escapeAttribute(`${publicUrl}sw.js`)}">`,
    ...await simdWorkerMeta(folder, publicUrl),
  ]);
  await writeFile(indexPath, html);
  await writeFile(join(folder, '_headers'), headersFile());
  await rm(join(folder, 'sw.js'), { force: true });
  return writeServiceWorker(folder);
}

async function main() {
  const folder = resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? '');
  if (!process.argv[2] && !process.env.TRUNK_STAGING_DIR) throw new Error('no TRUNK_STAGING_DIR and no folder given');
  const html = await readFile(join(folder, 'index.html'), 'utf8');
  if (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release') {
    console.log('post-build: debug build: no Content-Security-Policy, no service worker');
    return;
  }
  if (html.includes(LIVE_RELOAD_MARKER)) {
    console.log('post-build: trunk serve (live reload): no Content-Security-Policy, no service worker');
    return;
  }
  const { id, files } = await processRelease(folder, { publicUrl: process.env.TRUNK_PUBLIC_URL ?? '/' });
  console.log(`post-build: Content-Security-Policy in index.html and _headers; sw.js for build ${id} caches ${files.length} files`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`post-build: ${error.message}`);
    process.exit(1);
  });
}
