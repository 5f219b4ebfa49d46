// openapi-fetch in the benchmarks, set up as its users set it up: openapi-typescript turns the
// package's shipped openapi.json into types (build/bench/looply-api.d.ts, written at bench
// time), and `tsc --strict` checks the openapi-fetch app of bench-size.mjs against them, so
// that the client the benchmarks time and bundle is typed by real, current types.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { BROWSER_TS } from './tsconfig.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the generated types go; the app imports them as `../looply-api`. */
export const TYPES_FILE = join(root, 'build', 'bench', 'looply-api.d.ts');
/** The package's openapi.json as a user installs it (the tarball of pkg/ in build/consumer). */
const SPEC = join(root, 'build', 'consumer', 'node_modules', 'looply-sdk', 'openapi.json');

/** Writes openapi-typescript's types (default settings) for the shipped openapi.json. */
export async function generateTypes() {
  mkdirSync(dirname(TYPES_FILE), { recursive: true });
  const spec = JSON.parse(readFileSync(SPEC, 'utf8'));
  writeFileSync(TYPES_FILE, astToString(await openapiTS(spec)));
}

/** `tsc --strict --noEmit` on `file` (a browser app: lib dom); throws, with tsc's output, on an error. */
export function typeCheck(file) {
  const dir = dirname(file);
  const tsconfig = join(dir, 'tsconfig.json');
  const compilerOptions = { ...BROWSER_TS, noEmit: true };
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: [basename(file)] }, null, 2));
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], { cwd: dir, encoding: 'utf8' });
  } catch (err) {
    throw new Error(`bench: ${file} does not type-check against ${TYPES_FILE}:\n${err.stdout}${err.stderr}`);
  }
}
