// The static server the stories and the web benchmark rely on: right MIME types (wasm must be
// application/wasm), single-page-app fallback, loopback only, and no file outside the served folder.

import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveRequestPath, startStaticServer } from './lib/static-server.mjs';

/** GET with a raw path (fetch would normalise "../" away before sending). */
function rawGet(port, path) {
  return new Promise((resolveGet, rejectGet) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolveGet({ status: res.statusCode, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    });
    req.on('error', rejectGet);
    req.end();
  });
}

describe('static server', () => {
  let folder;
  let server;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'gigawatt-static-'));
    await mkdir(join(folder, 'site'));
    await writeFile(join(folder, 'site', 'index.html'), '<!doctype html><title>index</title>');
    await writeFile(join(folder, 'site', 'app_bg.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
    await writeFile(join(folder, 'site', 'app.js'), 'export {};');
    await writeFile(join(folder, 'secret.txt'), 'outside the served folder');
    server = await startStaticServer(join(folder, 'site'));
  });
  after(async () => {
    await server?.close();
    await rm(folder, { recursive: true, force: true });
  });

  test('listens on loopback', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('serves wasm as application/wasm and js as javascript', async () => {
    const wasm = await rawGet(server.port, '/app_bg.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.type, 'application/wasm');
    assert.deepEqual([...wasm.body.subarray(0, 4)], [0, 97, 115, 109]);
    const js = await rawGet(server.port, '/app.js?v=1');
    assert.equal(js.status, 200);
    assert.match(js.type, /^text\/javascript/);
  });

  test('answers deep links with index.html and missing files with 404', async () => {
    const root = await rawGet(server.port, '/');
    assert.equal(root.status, 200);
    assert.match(root.body.toString(), /<title>index<\/title>/);
    const deep = await rawGet(server.port, '/scenario/as-reported');
    assert.equal(deep.status, 200);
    assert.match(deep.type, /^text\/html/);
    assert.equal((await rawGet(server.port, '/missing.js')).status, 404);
  });

  test('never serves a file outside its folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const response = await rawGet(server.port, path);
      assert.notEqual(response.body.toString(), 'outside the served folder', `${path} escaped the folder`);
    }
    assert.equal(resolveRequestPath('/srv/site', '/../secret.txt'), '/srv/site/secret.txt');
    assert.equal(resolveRequestPath('/srv/site', '/..%2f..%2fetc/passwd'), null);
    assert.equal(resolveRequestPath('/srv/site', '/a%00b'), null);
  });

  test('refuses to start on a folder that does not exist', async () => {
    await assert.rejects(startStaticServer(join(folder, 'no-such-dist')), /not a directory/);
  });
});
