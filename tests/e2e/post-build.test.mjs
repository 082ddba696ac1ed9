// The release build's post_build hook (scripts/post-build.mjs), without a browser: what it leaves in dist/
// (no inline script, the policy in a <meta> and in _headers, a service worker listing every file), and its
// service worker's build id, which changes with any file of a build so that a new build replaces the cache.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, externalizeInlineScripts, listFiles, processRelease,
  writeServiceWorker,
} from '../../scripts/post-build.mjs';
import { SIMD_RUSTFLAG, simdEnvironment } from '../../scripts/build-simd-worker.mjs';
import { shortName } from '../../scripts/shorten-imports.mjs';
import { DIST_DIR, REPO_ROOT } from './lib/browser.mjs';

const run = promisify(execFile);
const HOOK = join(REPO_ROOT, 'scripts/post-build.mjs');

/** The BUILD object a sw.js was written with. */
function buildOf(source) {
  const line = source.match(/^const BUILD = (.*);$/m);
  assert.ok(line, 'sw.js has no `const BUILD = …;` line');
  return JSON.parse(line[1]);
}

describe('the release build is offline-capable and carries its policy', () => {
  test('dist/index.html has no inline script and the policy in a <meta>, without frame-ancestors', async () => {
    const html = await readFile(join(DIST_DIR, 'index.html'), 'utf8');
    const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter(([, attributes]) => !/\bsrc=/.test(attributes));
    assert.deepEqual(inline.map(([tag]) => tag), [], 'inline scripts left in index.html');
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
    assert.ok(meta, 'no Content-Security-Policy <meta> in dist/index.html');
    assert.equal(meta[1], META_CONTENT_SECURITY_POLICY);
    assert.doesNotMatch(meta[1], /frame-ancestors/);
    assert.ok(html.indexOf(meta[0]) < html.indexOf('<script'), 'the policy comes before the first script');
    const boot = html.match(/<script type="module" src="\/(boot-[0-9a-f]{16}\.js)"><\/script>/);
    assert.ok(boot, 'the module loader is not a boot-<digest>.js file');
    assert.match(await readFile(join(DIST_DIR, boot[1]), 'utf8'), /import init/);
    assert.match(html, /<meta name="gigawatt-service-worker" content="\/sw\.js">/);
    assert.match(html, /<meta name="gigawatt-simd-worker" content="\/worker-simd\.js">/);
    assert.match(html, /<link rel="manifest" href="\/manifest\.webmanifest"/);
  });

  test('the SIMD build of the Monte Carlo worker holds SIMD instructions, the scalar build none', async () => {
    // Identical results alone would not show it: a variant built without the target feature gives them too.
    const disassembly = async (file) => (await run(process.execPath,
      [join(REPO_ROOT, 'node_modules/binaryen/bin/wasm-dis'), join(DIST_DIR, file)], { maxBuffer: 1 << 28 })).stdout;
    assert.match(await disassembly('worker-simd_bg.wasm'), /\bv128\b/);
    assert.doesNotMatch(await disassembly('worker_bg.wasm'), /\bv128\b/);
  });

  test('the SIMD feature reaches cargo however its flags are set', () => {
    assert.equal(simdEnvironment({}).RUSTFLAGS, SIMD_RUSTFLAG);
    assert.equal(simdEnvironment({ RUSTFLAGS: '-Cdebuginfo=0' }).RUSTFLAGS, `-Cdebuginfo=0 ${SIMD_RUSTFLAG}`);
    // Set, even empty, CARGO_ENCODED_RUSTFLAGS is what cargo reads.
    assert.equal(simdEnvironment({ CARGO_ENCODED_RUSTFLAGS: '' }).CARGO_ENCODED_RUSTFLAGS, SIMD_RUSTFLAG);
    assert.equal(simdEnvironment({ CARGO_ENCODED_RUSTFLAGS: '-Cfoo' }).CARGO_ENCODED_RUSTFLAGS, `-Cfoo\x1f${SIMD_RUSTFLAG}`);
  });

  test('the app module imports its glue under short names, the glue is minified, index.html has their digests',
    async () => {
      const html = await readFile(join(DIST_DIR, 'index.html'), 'utf8');
      const app = (await listFiles(DIST_DIR)).find((file) => /^app-[0-9a-f]+\.js$/.test(file));
      assert.ok(app, 'no app-<hash>.js in dist/');
      const wasmFile = app.replace(/\.js$/, '_bg.wasm');
      const [js, wasm] = [await readFile(join(DIST_DIR, app), 'utf8'), await readFile(join(DIST_DIR, wasmFile))];
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
      assert.ok(imports.length > 100, `only ${imports.length} imports`);
      assert.deepEqual([...new Set(imports.map((i) => i.module))], ['a']);
      assert.ok(imports.every((i) => i.name.length <= 3), 'an import kept its long name');
      assert.equal(new Set(imports.map((i) => i.name)).size, imports.length);
      assert.doesNotMatch(js, /__wbg_/);
      assert.ok(js.split('\n').length < 20, 'the glue is not minified');
      for (const [file, bytes] of [[app, js], [wasmFile, wasm]]) {
        const digest = createHash('sha384').update(bytes).digest('base64');
        assert.ok(html.includes(`integrity="sha384-${digest}"`), `index.html lacks the digest of ${file}`);
      }
      assert.deepEqual([shortName(0), shortName(25), shortName(26), shortName(52), shortName(53)],
        ['a', 'z', 'A', 'aa', 'ba']);
      const names = new Set(Array.from({ length: 5000 }, (_, i) => shortName(i)));
      assert.equal(names.size, 5000);
    });

  test('dist/_headers sends the full policy, frame-ancestors included', async () => {
    const headers = await readFile(join(DIST_DIR, '_headers'), 'utf8');
    assert.equal(headers, `/*\n  Content-Security-Policy: ${CONTENT_SECURITY_POLICY}\n`);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors \*/);
    assert.match(CONTENT_SECURITY_POLICY, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.match(CONTENT_SECURITY_POLICY, /connect-src 'self';/);
    assert.match(CONTENT_SECURITY_POLICY, /object-src 'none';/);
  });

  test('dist/sw.js caches every file of the build but itself and _headers, index.html as the root', async () => {
    const build = buildOf(await readFile(join(DIST_DIR, 'sw.js'), 'utf8'));
    const files = (await listFiles(DIST_DIR)).filter((file) => file !== 'sw.js' && file !== '_headers');
    assert.deepEqual([...build.files].sort(), files.map((file) => (file === 'index.html' ? './' : file)).sort());
    // Both builds of the Monte Carlo worker: the page picks one at run time (SIMD where the browser has it).
    for (const wanted of ['./', 'worker.js', 'worker_bg.wasm', 'worker-simd.js', 'worker-simd_bg.wasm',
      'manifest.webmanifest', 'icons/icon-192.png']) {
      assert.ok(build.files.includes(wanted), `sw.js does not cache ${wanted}`);
    }
    assert.match(build.id, /^[0-9a-f]{16}$/);
    const manifest = JSON.parse(await readFile(join(DIST_DIR, 'manifest.webmanifest'), 'utf8'));
    assert.equal(manifest.display, 'standalone');
    for (const icon of manifest.icons) assert.ok(files.includes(icon.src), `manifest icon ${icon.src} is not in dist/`);
  });
});

describe('the service worker generator', () => {
  let folder;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gigawatt-post-build-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  test('a new build (a file changed or added) gets a new build id; the same files keep theirs', async () => {
    const site = join(folder, 'ids');
    await cp(DIST_DIR, site, { recursive: true });
    const first = await writeServiceWorker(site);
    assert.equal((await writeServiceWorker(site)).id, first.id, 'the same files changed the build id');
    await writeFile(join(site, 'worker.js'), `${await readFile(join(site, 'worker.js'), 'utf8')}\n// rebuilt\n`);
    const changed = await writeServiceWorker(site);
    assert.notEqual(changed.id, first.id, 'a changed worker.js kept the build id');
    await writeFile(join(site, 'extra-0123.js'), 'export {};\n');
    const added = await writeServiceWorker(site);
    assert.notEqual(added.id, changed.id, 'an added file kept the build id');
    assert.ok(added.files.includes('extra-0123.js'));
    assert.equal(buildOf(await readFile(join(site, 'sw.js'), 'utf8')).id, added.id);
  });

  test('moves Trunk\'s inline module loader into a file and refuses any other inline script', () => {
    const { html, scripts } = externalizeInlineScripts(
      '<head><script type="module">\nimport init from \'/app.js\';\nawait init();\n</script></head>',
    );
    assert.equal(scripts.length, 1);
    assert.match(scripts[0].name, /^boot-[0-9a-f]{16}\.js$/);
    assert.equal(html, `<head><script type="module" src="/${scripts[0].name}"></script></head>`);
    assert.throws(() => externalizeInlineScripts('<script>alert(1)</script>'), /inline script/);
  });

  test('processing a build twice leaves one policy and one marker', async () => {
    const site = join(folder, 'twice');
    await cp(DIST_DIR, site, { recursive: true });
    await processRelease(site);
    const html = await readFile(join(site, 'index.html'), 'utf8');
    assert.equal(html.match(/http-equiv="Content-Security-Policy"/g).length, 1);
    assert.equal(html.match(/name="gigawatt-service-worker"/g).length, 1);
    assert.equal(html, await readFile(join(DIST_DIR, 'index.html'), 'utf8'));
  });

  test('a debug build and `trunk serve` get no policy and no service worker', async () => {
    const html = '<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module">import init from "/app.js"; await init();</script></body></html>';
    const serveHtml = html.replace('</body>', '<script>(function () { const address = \'{{__TRUNK_ADDRESS__}}\'; })()</script></body>');
    for (const [name, page, profile] of [['debug', html, 'debug'], ['serve', serveHtml, 'release']]) {
      const site = join(folder, name);
      await cp(DIST_DIR, site, { recursive: true, filter: (source) => source === DIST_DIR });
      await writeFile(join(site, 'index.html'), page);
      const { stdout } = await run(process.execPath, [HOOK], {
        env: { ...process.env, TRUNK_STAGING_DIR: site, TRUNK_PROFILE: profile, TRUNK_PUBLIC_URL: '/' },
      });
      assert.match(stdout, /no Content-Security-Policy, no service worker/);
      assert.equal(await readFile(join(site, 'index.html'), 'utf8'), page, `${name}: index.html was changed`);
      assert.deepEqual(await listFiles(site), ['index.html'], `${name}: files were added`);
    }
  });
});
