// Part of the post_build hook (scripts/post-build.mjs), release builds only: makes the app's wasm-bindgen
// module smaller on the wire without changing what it does.
//   1. Renames the module's imports from the JS glue: wasm-bindgen names each after its Rust binding plus a
//      16-hex-digit hash (`__wbg_location_7320782274fc691b`), written twice, in the wasm's import section and
//      as a key of the glue's import object, and hashes do not compress. Each gets a short name (`a`, `b`, …,
//      `aa`, …) in both files, and the import module "./app_bg.js" becomes "a".
//   2. Minifies the glue with terser (Trunk's own minifier cannot parse wasm-bindgen's `export { … as default }`).
// Together about 3.5 KB brotli of the first view. Both files are rewritten in place (their names, which Trunk
// hashed from the originals, stay; the caller updates the integrity attributes in index.html). A module whose
// imports are already short is left alone, so processing a build twice changes nothing.

import { minify } from 'terser';

/** Reads an unsigned LEB128 at `at`; returns [value, next offset]. */
function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at];
    at += 1;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function leb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const name = (text) => [...leb(encoder.encode(text).length), ...encoder.encode(text)];

/** The short name of import number `index`: a–z, A–Z, then two characters, and so on. */
export function shortName(index) {
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const rest = `${first}0123456789_$`;
  let text = first[index % first.length];
  let n = Math.floor(index / first.length);
  while (n > 0) {
    n -= 1;
    text += rest[n % rest.length];
    n = Math.floor(n / rest.length);
  }
  return text;
}

/** The imports of a wasm module: [{ module, field, descriptor (bytes after the names) }] and where they lie. */
function readImports(wasm) {
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = readLeb(wasm, at + 1);
    if (id === 2) {
      const imports = [];
      let [count, p] = readLeb(wasm, body);
      for (; count > 0; count -= 1) {
        const [moduleLength, m] = readLeb(wasm, p);
        const module = decoder.decode(wasm.subarray(m, m + moduleLength));
        const [fieldLength, f] = readLeb(wasm, m + moduleLength);
        const field = decoder.decode(wasm.subarray(f, f + fieldLength));
        const start = f + fieldLength;
        let end = start + 1;
        const kind = wasm[start];
        const limits = (q) => {
          const flags = wasm[q];
          let r = readLeb(wasm, q + 1)[1];
          if (flags & 1) r = readLeb(wasm, r)[1];
          return r;
        };
        if (kind === 0) end = readLeb(wasm, end)[1];
        else if (kind === 1) end = limits(end + 1);
        else if (kind === 2) end = limits(end);
        else if (kind === 3) end += 2;
        else if (kind === 4) end = readLeb(wasm, end + 1)[1];
        else throw new Error(`import ${module}.${field} has an unknown kind ${kind}`);
        imports.push({ module, field, descriptor: wasm.subarray(start, end) });
        p = end;
      }
      if (p !== body + size) throw new Error('the import section does not end where its size says');
      return { imports, start: at, end: body + size };
    }
    at = body + size;
  }
  return { imports: [], start: 0, end: 0 };
}

/**
 * Renames the imports of `wasm` (bytes) from the glue `js` (text) and minifies the glue. Returns
 * `{ wasm, js, renamed }`; `renamed` is 0 (and both unchanged) when the imports are already short.
 */
export async function shortenImports(wasm, js) {
  const { imports, start, end } = readImports(wasm);
  const glueModules = new Set(imports.map((i) => i.module).filter((m) => /^\.\/.*_bg\.js$/.test(m)));
  if (glueModules.size === 0) return { wasm, js, renamed: 0 };
  if (glueModules.size > 1) throw new Error(`imports from more than one glue module: ${[...glueModules]}`);
  const [glue] = glueModules;
  let text = js;
  const moduleKey = `${JSON.stringify(glue)}: import0`;
  if (text.split(moduleKey).length !== 2) throw new Error(`the glue does not pass its imports as ${moduleKey}`);
  text = text.replace(moduleKey, 'a: import0');
  const body = [...leb(imports.length)];
  let index = 0;
  for (const { module, field, descriptor } of imports) {
    let newModule = module;
    let newField = field;
    if (module === glue) {
      newModule = 'a';
      newField = shortName(index);
      index += 1;
      // The key of the import object: `        name: function(…` at the start of a line of `import0`.
      const key = new RegExp(`^(\\s+)${field.replace(/\$/g, '\\$')}:`, 'gm');
      const found = text.match(key)?.length ?? 0;
      if (found !== 1) throw new Error(`import ${field}: found ${found} keys in the glue, expected 1`);
      text = text.replace(key, `$1${newField}:`);
    }
    body.push(...name(newModule), ...name(newField), ...descriptor);
  }
  const section = new Uint8Array([2, ...leb(body.length), ...body]);
  const out = new Uint8Array(wasm.length - (end - start) + section.length);
  out.set(wasm.subarray(0, start), 0);
  out.set(section, start);
  out.set(wasm.subarray(end), start + section.length);
  const minified = await minify(text, { module: true, compress: true, mangle: true });
  if (!minified.code) throw new Error('terser returned no code');
  return { wasm: out, js: minified.code, renamed: index };
}
