// The package as a user gets it: `npm pack` of pkg/ once per run, then each fixture copied
// to its own directory under build/env/ (gitignored) and the tarball `npm install`ed there.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './procs.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
export const PKG_DIR = join(ROOT, 'pkg');
export const BIN = join(ROOT, 'node_modules', '.bin');
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Creates this run's private work directory `build/env/run-<time>-<pid>/`. */
export function makeRunDir() {
  const dir = join(ROOT, 'build', 'env', `run-${Date.now()}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * `npm pack` of pkg/ into `runDir`; returns the tarball's absolute path and the pack report.
 * pkg/ is rewritten by every build (possibly by someone else while this runs): until every file
 * its package.json lists is there and packed, wait and retry (≤ `waitMs`).
 */
export async function packPackage(runDir, { waitMs = 60_000 } = {}) {
  const deadline = Date.now() + waitMs;
  let problem;
  for (;;) {
    problem = undefined;
    let listed;
    try {
      listed = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8')).files;
    } catch (err) {
      problem = `${PKG_DIR}/package.json: ${err.code ?? err.message}`;
    }
    if (!problem) {
      const missing = listed.filter((f) => !existsSync(join(PKG_DIR, f)));
      if (missing.length) problem = `missing in ${PKG_DIR}: ${missing.join(', ')}`;
    }
    if (!problem) {
      const r = await run('npm', ['pack', PKG_DIR, '--json', '--pack-destination', runDir], {
        cwd: runDir,
        timeoutMs: 60_000,
      });
      if (r.code === 0) {
        const [report] = JSON.parse(r.stdout);
        const packed = report.files.map((f) => f.path);
        const notPacked = listed.filter((f) => !packed.includes(f));
        if (!notPacked.length) return { tarball: join(runDir, report.filename), report };
        problem = `not in the tarball: ${notPacked.join(', ')}`;
      } else {
        problem = `npm pack failed\n${r.describe()}`;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(
        `cannot pack ${PKG_DIR} (${problem}); build the package first: make build, or node scripts/build.mjs`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * Copies `fixtures/<name>/` to `<runDir>/<name>/` and installs the tarball there
 * (`npm install --offline`). With `{ dependencies: true }` the fixture's own dependencies are
 * installed too, from the npm cache when they are there (`--prefer-offline`): for apps that
 * must not reach outside their folder (Next.js). Returns the copy's directory.
 */
export async function installFixture(runDir, name, tarball, { dependencies = false } = {}) {
  const dir = join(runDir, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  const mode = dependencies ? '--prefer-offline' : '--offline';
  const r = await run('npm', ['install', mode, '--no-audit', '--no-fund', tarball], { cwd: dir, timeoutMs: 180_000 });
  assert.equal(r.code, 0, `npm install of the tarball failed in ${dir}\n${r.describe()}`);
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules', 'looply-sdk', 'package.json'), 'utf8'));
  assert.equal(installed.name, 'looply-sdk');
  return dir;
}
