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
const row = (name, buf) => `${name.padEnd(34)} ${String(buf.length).padStart(8)} ${String(gz(buf)).padStart(8)}`;

/**
 * The inlined wasm in an entry: the packed text's string literal (scripts/wasm-pack.mjs),
 * the only one of 20,000 characters of its alphabet.
 */
export const INLINED_WASM = /(["'])[^"'`\\<\n]{20000,}\1/;

/** The size table, one line a file, then the parts. */
export function sizeRows() {
  const rows = [`${'file'.padEnd(34)} ${'bytes'.padStart(8)} ${'gzip -9'.padStart(8)}`];
  for (const f of readdirSync(pkg).sort()) {
    if (statSync(join(pkg, f)).isFile()) rows.push(row(f, readFileSync(join(pkg, f))));
  }
  const entry = readFileSync(join(pkg, 'index.mjs'), 'utf8');
  rows.push(row('(parts) wasm core', readFileSync(join(pkg, 'looply_sdk_bg.wasm'))));
  const withoutWasm = entry.replace(INLINED_WASM, '""');
  if (withoutWasm.length > entry.length / 2) throw new Error('size: the inlined wasm was not found in index.mjs');
  rows.push(row('(parts) JavaScript without the wasm', Buffer.from(withoutWasm)));
  return rows;
}

/** Whether each runtime entry is within the budget; prints a line for each. */
function checkBudget() {
  let ok = true;
  for (const f of ['index.mjs', 'index.cjs']) {
    const size = gz(readFileSync(join(pkg, f)));
    ok &&= size <= BUDGET;
    console.log(`${size <= BUDGET ? 'ok' : 'not ok'} - ${f}: ${size} bytes gzipped (budget ${BUDGET})`);
  }
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of sizeRows()) console.log(line);
  process.exit(checkBudget() ? 0 : 1);
}
