// Trunk `build` hook (Trunk.toml): builds the SIMD variant of the Monte Carlo worker next to Trunk's own scalar
// build, release builds only. Trunk builds one artifact per `<link data-trunk rel="rust">` with the same
// RUSTFLAGS for all, so this variant is built here from the same sources, the same way Trunk builds the scalar
// one, with `-C target-feature=+simd128` added:
//   1. `cargo build --target wasm32-unknown-unknown --bin worker --profile <the worker link's release profile>`
//      into its own target folder (`<target>/simd128`, so neither build's cache evicts the other's);
//   2. `wasm-bindgen --target no-modules --out-name worker-simd` (the version of Cargo.lock, as Trunk checks);
//   3. `wasm-opt -O<the link's data-wasm-opt> --enable-simd`;
// and writes `worker-simd.js` and `worker-simd_bg.wasm` into Trunk's staging folder. The post-build hook
// (scripts/post-build.mjs) then names the variant in index.html (`<meta name="gigawatt-simd-worker">`, see
// `simdWorkerMeta` below) and caches it with the rest; the page loads it only where the browser validates a
// SIMD probe (src/risk/pool.rs), else the scalar `worker.js`.
//
// It runs while Trunk builds the app and the scalar worker (Trunk waits for it before writing index.html), so on
// two cores the builds overlap. Offline like Trunk: `cargo --offline`, tools from PATH (scripts/env.sh).
// Debug builds (`trunk serve`) skip it: the page then uses the scalar worker.

import { execFile } from 'node:child_process';
import { access, copyFile, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(here, '..');

/** The variant's file names in the build (the wasm's name follows from the script's, as src/risk/bridge.rs expects). */
export const SIMD_WORKER_JS = 'worker-simd.js';
export const SIMD_WORKER_WASM = 'worker-simd_bg.wasm';
/** The target feature that makes the variant. */
export const SIMD_RUSTFLAG = '-Ctarget-feature=+simd128';

/**
 * The `<meta>` that names the SIMD worker in index.html when `folder` holds it (else nothing): what the page
 * reads to know the build carries the variant.
 */
export async function simdWorkerMeta(folder, publicUrl = '/') {
  try {
    await access(join(folder, SIMD_WORKER_JS));
    await access(join(folder, SIMD_WORKER_WASM));
  } catch {
    return [];
  }
  return [`<meta name="gigawatt-simd-worker" content="${publicUrl}${SIMD_WORKER_JS}">`];
}

/** The worker's `<link data-trunk rel="rust" data-bin="worker">` attributes in index.html. */
export function workerLink(html) {
  const tag = [...html.matchAll(/<link\b[^>]*>/gs)].map(([t]) => t).find((t) => /data-bin="worker"/.test(t));
  if (!tag) throw new Error('index.html has no <link data-trunk rel="rust" data-bin="worker">');
  const attribute = (name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  return {
    profile: attribute('data-cargo-profile-release') ?? attribute('data-cargo-profile') ?? 'release',
    wasmOpt: attribute('data-wasm-opt') ?? 's',
    wasmOptParams: (attribute('data-wasm-opt-params') ?? '').split(/\s+/).filter(Boolean),
  };
}

/** RUSTFLAGS (or CARGO_ENCODED_RUSTFLAGS, which wins when set) with the SIMD target feature added. */
export function simdEnvironment(env) {
  const out = { ...env };
  // Set at all, even empty, it is what cargo reads (and RUSTFLAGS is ignored).
  if (env.CARGO_ENCODED_RUSTFLAGS !== undefined) {
    out.CARGO_ENCODED_RUSTFLAGS = [env.CARGO_ENCODED_RUSTFLAGS, SIMD_RUSTFLAG].filter(Boolean).join('\x1f');
  } else {
    out.RUSTFLAGS = [env.RUSTFLAGS, SIMD_RUSTFLAG].filter(Boolean).join(' ');
  }
  return out;
}

/** The wasm-bindgen version Cargo.lock pins (the CLI must match it). */
async function lockedWasmBindgen() {
  const lock = await readFile(join(ROOT, 'Cargo.lock'), 'utf8');
  const version = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
  if (!version) throw new Error('Cargo.lock names no wasm-bindgen version');
  return version;
}

async function tool(command, args, options = {}) {
  try {
    return await run(command, args, { maxBuffer: 1 << 26, ...options });
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim();
    throw new Error(`${command} ${args.join(' ')} failed: ${error.message.split('\n')[0]}\n${output}`);
  }
}

/** Builds the SIMD worker into `staging` (see the top of this file). */
export async function buildSimdWorker(staging) {
  const started = Date.now();
  const link = workerLink(await readFile(join(ROOT, 'index.html'), 'utf8'));
  const { stdout: metadata } = await tool('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'],
    { cwd: ROOT });
  const target = join(JSON.parse(metadata).target_directory, 'simd128');
  await tool('cargo', ['build', '--offline', '--target', 'wasm32-unknown-unknown', '--bin', 'worker',
    '--profile', link.profile], { cwd: ROOT, env: simdEnvironment({ ...process.env, CARGO_TARGET_DIR: target }) });
  const wasm = join(target, 'wasm32-unknown-unknown', link.profile, 'worker.wasm');

  const wanted = await lockedWasmBindgen();
  const { stdout: version } = await tool('wasm-bindgen', ['--version']);
  if (!version.includes(wanted)) {
    throw new Error(`wasm-bindgen on PATH is ${version.trim()}, Cargo.lock needs ${wanted} (scripts/setup.sh)`);
  }
  const bindgen = join(target, 'wasm-bindgen');
  await mkdir(bindgen, { recursive: true });
  await tool('wasm-bindgen', ['--target', 'no-modules', '--out-dir', bindgen, '--out-name', 'worker-simd',
    '--no-typescript', wasm]);

  await mkdir(staging, { recursive: true });
  const optimised = join(staging, SIMD_WORKER_WASM);
  if (link.wasmOpt === '0' || link.wasmOpt === 'off') {
    await copyFile(join(bindgen, SIMD_WORKER_WASM), optimised);
  } else {
    await tool('wasm-opt', [`-O${link.wasmOpt}`, '--enable-simd', ...link.wasmOptParams,
      join(bindgen, SIMD_WORKER_WASM), '-o', optimised]);
  }
  await copyFile(join(bindgen, SIMD_WORKER_JS), join(staging, SIMD_WORKER_JS));
  return { seconds: (Date.now() - started) / 1000, profile: link.profile };
}

async function main() {
  if (process.env.TRUNK_PROFILE !== 'release') {
    console.log('build-simd-worker: debug build: the page uses the scalar worker only');
    return;
  }
  const staging = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!staging) throw new Error('no TRUNK_STAGING_DIR and no folder given');
  const { seconds, profile } = await buildSimdWorker(resolve(staging));
  console.log(`build-simd-worker: ${SIMD_WORKER_JS} and ${SIMD_WORKER_WASM} (profile ${profile}, ` +
    `${SIMD_RUSTFLAG}) in ${seconds.toFixed(0)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`build-simd-worker: ${error.message}`);
    process.exit(1);
  });
}
