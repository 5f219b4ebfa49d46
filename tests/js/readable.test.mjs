// Failures a person can read, from the package as installed (build/consumer): no line of the
// shipped JavaScript longer than about 1,000 characters but the inlined wasm's, a source map
// beside each entry that maps back to pkg-template/src, an uncaught SDK error that prints
// under 4 KB, and stacks whose SDK frames carry real names and reach the caller's own line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { INLINED_WASM } from '../../scripts/size.mjs';
import { CJS_ENTRY, ESM_ENTRY, SEEDED, spawnChild, startServer } from './support/harness.mjs';

const consumer = new URL('../../build/consumer/', import.meta.url);
const installed = new URL('node_modules/looply-sdk/', consumer);

let srv;
before(async () => {
  srv = await startServer();
});
after(() => srv.close());

// Catches a bundle minified onto one line again (Node prints the whole line of an uncaught
// error's frame: 110 KB), or an entry without its map.
test('no shipped line is longer than about 1,000 characters, but the packed wasm; each entry has its source map', () => {
  const files = readdirSync(installed).filter((f) => /\.(mjs|cjs)$/.test(f));
  assert.ok(files.includes('index.mjs') && files.includes('index.cjs'), files.join());
  for (const file of files) {
    const lines = readFileSync(new URL(file, installed), 'utf8').split('\n');
    // The packed wasm's line is over by its literal alone (scripts/size.mjs finds it).
    const long = lines.filter((l) => l.replace(INLINED_WASM, '""').length > 1000);
    assert.deepEqual(
      long.map((l) => `${l.length}: ${l.slice(0, 80)}`),
      [],
      `${file} has lines over 1,000 characters`,
    );
  }
  for (const entry of ['index.mjs', 'index.cjs', 'index.workerd.mjs', 'index.edge-light.mjs']) {
    const code = readFileSync(new URL(entry, installed), 'utf8');
    assert.ok(code.trimEnd().endsWith(`//# sourceMappingURL=${entry}.map`), entry);
    const map = JSON.parse(readFileSync(new URL(`${entry}.map`, installed), 'utf8'));
    assert.equal(map.version, 3);
    assert.ok(
      map.sources.some((s) => s.endsWith('pkg-template/src/index.js')),
      entry,
    );
    // The wasm's bytes are in the entry, not repeated in its map.
    assert.ok(!JSON.stringify(map).includes('0061736d'), `${entry}.map holds the wasm`);
  }
});

/**
 * Runs `code` (an app's module, ESM or CommonJS as `ext` says) in a child Node, without
 * blocking this process (its server answers the child); `{ status, stderr, stdout, file }`.
 */
async function runApp(code, ext, args = []) {
  const file = new URL(`app-${process.pid}.${ext}`, consumer);
  writeFileSync(file, code);
  const run = await spawnChild(process.execPath, [...args, fileURLToPath(file)], {
    cwd: fileURLToPath(consumer),
    // StrykerJS picks the mutant a run tests by this variable (scripts/mutants-js-run.mjs).
    env: {
      PATH: process.env.PATH,
      LOOPLY_LOG: 'off',
      __STRYKER_ACTIVE_MUTANT__: process.env.__STRYKER_ACTIVE_MUTANT__,
    },
  });
  return { ...run, file: fileURLToPath(file) };
}

const CALLS = {
  // The first call of the README, with an id that is not there: a NotFoundError from the server.
  async: (entry) => `await client.getWorkflowById({ workflow_id: 'not-seeded', workflow_version: 1 });`,
  // A bad parameter: a ValidationError before anything is sent.
  sync: () => `await client.getWorkflowById({ workflow_id: '', workflow_version: 1 });`,
};

const app = (kind, esm) =>
  esm
    ? `import { LooplyClient } from 'looply-sdk';\nconst client = new LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}' });\n${CALLS[kind]()}\n`
    : `const { LooplyClient } = require('looply-sdk');\nconst client = new LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}' });\n(async () => {\n${CALLS[kind]()}\n})();\n`;

describe('an uncaught SDK error', () => {
  for (const esm of [true, false]) {
    for (const kind of ['async', 'sync']) {
      // Catches 110 KB of minified source printed with the error, or a stack without the app's line.
      test(`${esm ? 'ESM' : 'CommonJS'}, ${kind}: under 4 KB on stderr, naming the app's own line`, async () => {
        const { status, stderr, file } = await runApp(app(kind, esm), esm ? 'mjs' : 'cjs');
        assert.notEqual(status, 0);
        assert.ok(stderr.length < 4096, `${stderr.length} bytes:\n${stderr.slice(0, 600)}`);
        assert.match(stderr, kind === 'async' ? /NotFoundError: Workflow not found/ : /ValidationError: workflow_id/);
        assert.ok(
          stderr.includes(`${pathToFileURL(file).href}:${esm ? 3 : 4}:`) || stderr.includes(`${file}:${esm ? 3 : 4}:`),
          stderr,
        );
        assert.match(stderr, /at (async )?LooplyClient\.getWorkflowById /);
      });
    }
  }

  // Catches a map whose columns after the inlined wasm are off (they move when the hex goes in).
  test('with --enable-source-maps, the frame maps back to pkg-template/src/index.js', async () => {
    const { stderr } = await runApp(app('async', true), 'mjs', ['--enable-source-maps']);
    assert.match(stderr, /at async LooplyClient\.getWorkflowById \(.*pkg-template\/src\/index\.js:\d+:\d+\)/, stderr);
  });
});

describe("error.stack: the SDK's frames by name, then the caller's", () => {
  for (const [build, entry] of [
    ['esm', ESM_ENTRY],
    ['cjs', CJS_ENTRY],
  ]) {
    // Catches an async chain broken inside the SDK (a new Promise, a .then): V8's async stack
    // trace then stops there, without the app's frame.
    test(`${build}: a call, a paginator walked three ways, the waiter and the watcher`, async () => {
      const code = `
const sdk = ${build === 'esm' ? `await import(${JSON.stringify(pathToFileURL(entry).href)})` : `require(${JSON.stringify(entry)})`};
const client = new sdk.LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}', maxRetries: 0 });
const stacks = {};
async function caller(name, run) {
  try { await run(); } catch (e) { stacks[name] = e.stack; }
}
await caller('call', () => client.getWorkflowById({ workflow_id: 'not-seeded', workflow_version: 1 }));
await caller('toArray', () => client.paginateWorkflowExecutionHistory({ workflow_id: 'not-seeded' }).toArray());
await caller('forAwait', async () => { for await (const e of client.paginateWorkflowExecutionHistory({ workflow_id: 'not-seeded' })) void e; });
await caller('pages', async () => { for await (const p of client.paginateWorkflowExecutionHistory({ workflow_id: 'not-seeded' }).pages()) void p; });
await caller('wait', () => client.waitForExecution({ workflow_id: '${SEEDED.bigWorkflowId}', workflow_execution_id: 'nope' }, { timeoutMs: 200, pollIntervalMs: 20, notFoundGraceMs: 1000 }));
await caller('watch', async () => { for await (const e of client.watchExecution({ workflow_id: '${SEEDED.bigWorkflowId}', workflow_execution_id: 'nope' }, { timeoutMs: 200, pollIntervalMs: 20, notFoundGraceMs: 1000 })) void e; });
console.log(JSON.stringify(stacks));`;
      const { status, stdout, stderr } = await runApp(
        build === 'esm' ? code : `(async () => {${code}})();`,
        build === 'esm' ? 'mjs' : 'cjs',
      );
      assert.equal(status, 0, stderr);
      const stacks = JSON.parse(stdout);
      const own = /at async caller \(/;
      for (const [name, sdkFrame] of [
        ['call', /at async LooplyClient\.getWorkflowById /],
        ['toArray', /at async Paginator\.toArray /],
        ['forAwait', /at async \[walk\] /],
        ['pages', /at async \[walk\] /],
        ['wait', /at async waitForExecution /],
        ['watch', /at async watchExecution /],
      ]) {
        assert.match(stacks[name], sdkFrame, `${name}:\n${stacks[name]}`);
        assert.match(stacks[name], own, `${name}: the caller's frame is missing:\n${stacks[name]}`);
        // No minified names: every SDK frame is named after what the reader called.
        for (const line of stacks[name].split('\n').filter((l) => l.includes('looply-sdk'))) {
          assert.match(
            line,
            /at (async )?(LooplyClient\.\w+|Paginator\.\w+|\[walk\]|\[Symbol\.asyncIterator\]|waitForExecution|watchExecution|pollExecution) /,
            `${name}: ${line}`,
          );
        }
      }
    });
  }
});
