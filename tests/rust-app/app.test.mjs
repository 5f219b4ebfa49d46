// A Rust WebAssembly app that depends on the crate (examples/app.rs: its own global allocator,
// its own export, the `client` feature), built as an app author builds one, then bound with
// wasm-bindgen and run in Node and in headless Chromium against the local server.
//
// Catches: anything of the npm package's layer reaching a Rust app (the crate's global
// allocator, which would not even compile beside the app's; the `LooplyClient` class, its
// option types or the `transport.js` snippet in the app's bindings; the package's exports in
// its wasm); a Rust client that does not work from an app. It prints what the crate adds to
// the app (examples/empty_app.rs is the same app without it), after `wasm-opt -Oz`.
//
// In Chromium the same app, bound for the web (`--target web`), is loaded by a page of another
// origin than the API's, as a web app is, and checked alike. Catches what only a browser shows:
// the crate reaching for something Node has and a page has not (`require`, `process`, a
// `fetch` option Chromium refuses), a request a browser does not send or read across origins
// (the request id read from a header left out of `access-control-expose-headers` is undefined
// there only: planted once, the Node run passed and this one failed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transformSync } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_LAUNCH } from '../../scripts/chromium.mjs';
import { SEEDED, startServer } from '../../server/looply-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'build', 'rust-app');
const APPS = ['app', 'empty_app'];
// The app bound for browsers (in app/) and the page that loads it: it leaves the app's
// `triggerAndRead` on `globalThis` once the wasm is instantiated.
const web = join(out, 'web');
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>examples/app.rs</title>
<link rel="icon" href="data:,">
<script type="module">
  import init, { triggerAndRead } from './app/app.js';
  await init();
  globalThis.triggerAndRead = triggerAndRead;
</script>
`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

/** The files under `dir` (none when it does not exist), with their paths, in order. */
const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true })
        .map((f) => join(dir, f))
        .filter((f) => statSync(f).isFile())
        .sort()
    : [];

/** The bound app `name`: its directory (wasm-bindgen's output for Node) and its `.d.ts`. */
const bound = (name) => ({ dir: join(out, name), dts: readFileSync(join(out, name, `${name}.d.ts`), 'utf8') });

/**
 * Runs `app.triggerAndRead(...args)` and answers `{ state }` or `{ error }` as plain data. It
 * also runs in the page (`page.evaluate(outcome, args)`, where `app` is the page's `globalThis`):
 * an Error would leave the page without its `status` and `requestId`.
 */
async function outcome(args, app = globalThis) {
  try {
    return { state: await app.triggerAndRead(...args) };
  } catch (e) {
    const { name, message, status, requestId } = e;
    return { error: { isError: e instanceof Error, name, message, status, requestId } };
  }
}

/** Checks what the app does against the local server: `run(args)` is `outcome` in Node or in a page. */
async function assertRuns(run) {
  srv.reset(); // the request log: the other run's requests are in it
  const ok = await run([srv.baseUrl, srv.apiKey, SEEDED.bigWorkflowId]);
  assert.equal(typeof ok.state, 'string', JSON.stringify(ok));
  assert.ok(ok.state.endsWith('_state'), ok.state);
  const sent = srv.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
  assert.deepEqual(sent, [
    `POST /v1/workflows/triggerworkflow/${SEEDED.bigWorkflowId}`,
    'GET /v1/workflows/getWorkflowExecutionById',
  ]);
  // The crate's errors become JavaScript errors named after their class (From<Error> for JsValue).
  const { error } = await run([srv.baseUrl, 'wrong-key', SEEDED.bigWorkflowId]);
  assert.deepEqual(
    { ...error, requestId: typeof error?.requestId },
    {
      isError: true,
      name: 'PermissionDeniedError',
      message: 'Forbidden (the API refused the key: check apiKey)',
      status: 403,
      requestId: 'string',
    },
  );
}

let srv; // the API
let site; // the page's origin: a second local server, whose static mount serves `web`
let browser;
before(async () => {
  run('cargo', [
    'build',
    '--release',
    '--target',
    'wasm32-unknown-unknown',
    '--features',
    'client',
    ...APPS.flatMap((name) => ['--example', name]),
  ]);
  rmSync(out, { recursive: true, force: true });
  for (const name of APPS) {
    const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'examples', `${name}.wasm`);
    run('wasm-bindgen', ['--target', 'nodejs', '--out-dir', join(out, name), wasm]);
    if (name === 'app') run('wasm-bindgen', ['--target', 'web', '--out-dir', join(web, 'app'), wasm]);
  }
  // A package.json without "type", as wasm-pack writes one for `--target nodejs` (the
  // repository's own says "module"): wasm-bindgen's Node glue is CommonJS, and the client's
  // snippet (src/client/fetch/attempt.js) an ES module, which Node (20.19 on) requires by its
  // syntax. Under "type": "commonjs" it would not load.
  writeFileSync(join(out, 'package.json'), '{ "private": true }\n');
  writeFileSync(join(web, 'index.html'), PAGE);
  srv = await startServer({ port: 0 });
  site = await startServer({ port: 0, static: [{ prefix: '/', dir: web }] });
  browser = await chromium.launch(CHROMIUM_LAUNCH);
});
after(async () => {
  await browser?.close();
  await Promise.all([srv?.close(), site?.close()]);
});

test("the app's bindings are its own: no class, option type, export or snippet of the npm package", () => {
  const { dir, dts } = bound('app');
  assert.match(dts, /export function triggerAndRead\(/);
  for (const name of ['LooplyClient', 'ClientOptions', 'RequestOptions', 'Logger', 'LogLevel', 'WalkOptions'])
    assert.doesNotMatch(dts, new RegExp(`\\b${name}\\b`), `${name} in the app's .d.ts`);
  // The one snippet is the Rust client's own attempt (src/client/fetch/attempt.js), never the
  // npm package's transport.js.
  const snippets = files(join(dir, 'snippets')).map((f) => f.split('/src/')[1]);
  assert.deepEqual(snippets, ['client/fetch/attempt.js'], 'a snippet of the npm package came along');
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(dir, 'app_bg.wasm'))));
  const theirs = exports.map((e) => e.name).filter((n) => /looplyclient|pager|__call|endpoints/i.test(n));
  assert.deepEqual(theirs, [], 'the npm package exports in the app');
});

test('the app calls the service through the crate in Node: trigger, then read the execution', async () => {
  const app = createRequire(import.meta.url)(join(bound('app').dir, 'app.js'));
  await assertRuns((args) => outcome(args, app));
});

test('the app uses the nine endpoints and walks the three lists (what the size below covers)', async () => {
  const app = createRequire(import.meta.url)(join(bound('app').dir, 'app.js'));
  srv.reset();
  const args = [srv.baseUrl, srv.apiKey, SEEDED.bigWorkflowId, SEEDED.scheduledWorkflowId];
  const lines = (await app.everyEndpoint(...args, BigInt(SEEDED.scheduledWorkflowVersion))).split('\n');
  const outcomes = Object.fromEntries(lines.map((l) => l.split(': ')));
  // The resume and the action may find the new execution not yet waiting (a 4xx): sent all the same.
  for (const name of ['resumeWorkflow', 'runWorkflowAction']) assert.ok(outcomes[name], lines.join('\n'));
  delete outcomes.resumeWorkflow;
  delete outcomes.runWorkflowAction;
  assert.deepEqual(Object.values(outcomes), Array(Object.keys(outcomes).length).fill('ok'), lines.join('\n'));
  assert.equal(lines.length, 14); // the schedule is paused, then played
  const paths = new Set(srv.requests.map((r) => r.path.split('?')[0].split('/')[3]));
  for (const endpoint of [
    'getWorkflowById',
    'getWorkflowSchemaById',
    'getOrganizationWorkflows',
    'triggerworkflow',
    'getWorkflowExecutionById',
    'getWorkflowExecutionHistory',
    'getOrganizationExecutions',
    'resumeworkflow',
    'toggleScheduledWorkflow',
  ])
    assert.ok(paths.has(endpoint), `${endpoint} never reached the server: ${[...paths]}`);
});

test('the same app in Chromium, bound for the web, from a page of another origin', async () => {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
  await page.goto(`${site.url}/`);
  await page
    .waitForFunction(() => 'triggerAndRead' in globalThis, null, { timeout: 10_000 })
    .catch((e) => {
      throw new Error(`the page never loaded the app: ${pageErrors.join('\n') || e.message}`);
    });
  await assertRuns((args) => page.evaluate(outcome, args));
  assert.deepEqual(pageErrors, []);
});

test('what the crate adds to a release app, after wasm-opt -Oz (printed, not judged)', () => {
  const sizes = {};
  for (const name of APPS) {
    const { dir } = bound(name);
    const wasm = join(dir, `${name}_bg.wasm`);
    const opt = join(dir, `${name}.opt.wasm`);
    run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--all-features', wasm, '-o', opt]);
    const bytes = readFileSync(opt);
    // The glue counts every JavaScript file of the bindings: wasm-bindgen's and the
    // client's snippet (src/client/fetch/attempt.js, as shipped: with its comments).
    const glue = files(dir)
      .filter((f) => f.endsWith('.js'))
      .reduce((n, f) => n + statSync(f).size, 0);
    sizes[name] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, glue };
  }
  const { app, empty_app: empty } = sizes;
  // The snippet as a bundler ships it, for comparison: minified by esbuild.
  const [snippet] = files(join(bound('app').dir, 'snippets'));
  const minified = transformSync(readFileSync(snippet, 'utf8'), { minify: true, format: 'esm' }).code.length;
  console.log(
    `of the app's glue, the client's snippet (attempt.js) is ${statSync(snippet).size} B as shipped, ${minified} B minified`,
  );
  console.log(
    `rust app: wasm ${app.raw} B (${app.gzip} B gzipped), glue ${app.glue} B; the same app without the crate: ` +
      `${empty.raw} B (${empty.gzip} B), glue ${empty.glue} B; the crate adds ${app.raw - empty.raw} B ` +
      `(${app.gzip - empty.gzip} B gzipped) of wasm and ${app.glue - empty.glue} B of glue`,
  );
  assert.ok(app.raw > empty.raw);
});
