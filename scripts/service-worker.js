// Gigawatt's service worker: the template of dist/sw.js. scripts/post-build.mjs (a Trunk post_build hook)
// copies it into each release build with BUILD filled in: the build's id (a digest of every file it caches)
// and the list of those files. A new build is a new sw.js, so the browser installs it as a new worker.
//
// - install: caches every file of the build in the cache `gigawatt-<id>`, then takes over at once
//   (skipWaiting), so the next page load runs the new build even while an old tab is still open.
// - activate: deletes every other `gigawatt-*` cache (older builds), then controls the open pages.
// - fetch: a page (a navigation to a path without a file extension, e.g. `/` or `/?embed=cash&v=4&s=…`) gets
//   the cached index.html; a file of the build comes from the cache; anything else goes to the network.
//   Each build's files sit in one cache, so a page never mixes two builds' files.

const BUILD = { id: 'template', files: [] }; // replaced by scripts/post-build.mjs

const CACHE_PREFIX = 'gigawatt-';
const CACHE = `${CACHE_PREFIX}${BUILD.id}`;
/** The app shell: the site's root serves index.html (cached as './' so a host that redirects
 * `/index.html` to `/` cannot leave a redirected response in the cache). */
const SHELL = new URL('./', self.location).href;
const CACHED_PATHS = new Set(BUILD.files.map((file) => new URL(file, self.location).pathname));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // `cache: 'reload'` skips the HTTP cache so a build never caches a stale copy of an unhashed file.
    await cache.addAll(BUILD.files.map((file) => new Request(new URL(file, self.location), { cache: 'reload' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const lastSegment = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
  if (request.mode === 'navigate' && !lastSegment.includes('.')) {
    event.respondWith(cachedOrNetwork(SHELL, request));
  } else if (CACHED_PATHS.has(url.pathname)) {
    event.respondWith(cachedOrNetwork(url.origin + url.pathname, request));
  }
});

/** The cached copy of `key` in this build's cache, or the network's answer to `request`. */
async function cachedOrNetwork(key, request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) ?? fetch(request);
}
