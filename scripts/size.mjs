#!/usr/bin/env node
// Prints the raw and gzipped size of every file the package ships, and of the wasm core
// and the JavaScript around it; fails when a runtime entry (the JavaScript with the wasm
// inlined: what one environment loads) is over the budget.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 48_000; // 48 KB, counted strictly
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const row = (name, buf) => console.log(`${name.padEnd(28)} ${String(buf.length).padStart(8)} ${String(gz(buf)).padStart(8)}`);

console.log(`${'file'.padEnd(28)} ${'bytes'.padStart(8)} ${'gzip -9'.padStart(8)}`);
for (const f of readdirSync(pkg).sort()) {
  if (statSync(join(pkg, f)).isFile()) row(f, readFileSync(join(pkg, f)));
}
const wasm = readFileSync(join(root, 'build', 'glue', 'looply_sdk_bg.wasm'));
const entry = readFileSync(join(pkg, 'index.mjs'), 'utf8');
const jsOnly = Buffer.from(entry.replace(/"[A-Za-z0-9+/=]{1000,}"/, '""'));
console.log('--- parts');
row('wasm core (binary)', wasm);
row('JavaScript without the wasm', jsOnly);

let failed = false;
for (const f of ['index.mjs', 'index.cjs']) {
  const size = gz(readFileSync(join(pkg, f)));
  const ok = size <= BUDGET;
  failed ||= !ok;
  console.log(`${ok ? 'ok' : 'not ok'} - ${f}: ${size} bytes gzipped (budget ${BUDGET})`);
}
process.exit(failed ? 1 : 0);
