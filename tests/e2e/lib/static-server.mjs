// A small static file server for the built site (dist/), with no dependency beyond node.
//
// Why not `trunk serve`: the end-to-end stories and the web benchmark test exactly what would be deployed,
// the release build in dist/, served as a plain static host would serve it (correct MIME types, wasm as
// application/wasm so the browser can compile it while streaming, unknown paths answered with index.html so
// deep links work like on a single-page-app host). It listens on loopback only. Like static hosts that read
// one (Netlify, Cloudflare Pages), it sends the headers a `_headers` file at the root names for each path; the
// release build's hook (scripts/post-build.mjs) writes one with the Content-Security-Policy, so the stories run
// under the full policy, `frame-ancestors` included (a <meta> policy cannot carry it).
//
// Use from code: `const server = await startStaticServer('dist'); ... server.url ...; await server.close();`
// Or by hand:    `node tests/e2e/lib/static-server.mjs dist 8081`

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** MIME types of everything Trunk puts in dist/. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Resolves a request path to a file under `root`, or null when it would escape `root`.
 * Query strings and fragments are ignored; percent-escapes are decoded; a directory maps to its index.html.
 */
export function resolveRequestPath(root, urlPath) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(urlPath, 'http://127.0.0.1').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const absoluteRoot = resolve(root);
  const candidate = resolve(join(absoluteRoot, pathname));
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + sep)) return null;
  return candidate;
}

/**
 * Parses a `_headers` file: blocks of a path pattern (unindented; `*` matches any run of characters) followed
 * by indented `Name: value` lines. Returns [{ pattern: RegExp, headers: [[name, value]] }]. Comments start with #.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    if (rules.length > 0 && colon > 0) rules.at(-1).headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers `rules` (from `parseHeadersFile`) give the request path `pathname`. */
export function headersFor(rules, pathname) {
  const headers = {};
  for (const rule of rules) {
    if (rule.pattern.test(pathname)) for (const [name, value] of rule.headers) headers[name] = value;
  }
  return headers;
}

async function readFileOrIndex(filePath) {
  const info = await stat(filePath).catch(() => null);
  if (info?.isDirectory()) return readFileOrIndex(join(filePath, 'index.html'));
  if (!info?.isFile()) return null;
  return { filePath, body: await readFile(filePath) };
}

/**
 * Starts serving `root` on `host`:`port` (port 0 picks a free one). Resolves to
 * `{ url, port, close(), requests }`, where `requests` lists every path asked for (for tests of the server).
 */
export async function startStaticServer(root, { host = '127.0.0.1', port = 0 } = {}) {
  const absoluteRoot = resolve(root);
  const rootInfo = await stat(absoluteRoot).catch(() => null);
  if (!rootInfo?.isDirectory()) {
    throw new Error(`cannot serve ${absoluteRoot}: not a directory (run \`trunk build --release --offline\` first)`);
  }
  const requests = [];
  const server = createServer(async (req, res) => {
    // Read on every request, so a test may rewrite the folder between page loads.
    const headerRules = parseHeadersFile(await readFile(join(absoluteRoot, '_headers'), 'utf8').catch(() => ''));
    requests.push(req.url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const filePath = resolveRequestPath(absoluteRoot, req.url);
    if (filePath === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad path\n');
      return;
    }
    try {
      let found = await readFileOrIndex(filePath);
      // Single-page app: a path without an extension that names no file gets index.html.
      if (!found && extname(filePath) === '') found = await readFileOrIndex(join(absoluteRoot, 'index.html'));
      if (!found) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      const type = MIME_TYPES[extname(found.filePath).toLowerCase()] ?? 'application/octet-stream';
      let pathname = '/';
      try {
        pathname = new URL(req.url, 'http://127.0.0.1').pathname;
      } catch { /* resolveRequestPath accepted it; keep '/' */ }
      res.writeHead(200, {
        ...headersFor(headerRules, pathname),
        'Content-Type': type,
        'Content-Length': found.body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : found.body);
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${error.message}\n`);
    }
  });
  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, resolveListen);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    requests,
    close: () => new Promise((resolveClose) => {
      server.closeAllConnections?.();
      server.close(() => resolveClose());
    }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [root = 'dist', port = '8081'] = process.argv.slice(2);
  const server = await startStaticServer(root, { port: Number(port) });
  console.log(`serving ${resolve(root)} on ${server.url} (Ctrl+C stops)`);
}
