// The environment matrix: the packed looply-sdk installed (npm install of the tarball) into a
// tiny consumer per environment, each calling getOrganizationWorkflows({ limit: 2 }) against
// the local Looply server and reporting the page, which must equal the server's own answer.
// See tests/env/README.md. Run: node --test tests/env/
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../server/looply-server.mjs';
import { formatLog, launchBrowser, loadPage } from './support/browser.mjs';
import { assertCalls, assertReportedPage, directPage, parseResultLine } from './support/checks.mjs';
import { BIN, ROOT, installFixture, makeRunDir, packPackage } from './support/packed.mjs';
import { fatal, freePort, pollUntil, run, startService, stop, stopAll } from './support/procs.mjs';

const TEST_TIMEOUT = 60_000;
const NODE = process.execPath;
const API_KEY = 'looply-demo-key';

let runDir;
let tarball;
let api; // the shared local server (API only) for the non-browser environments and Vite dev
let expected; // the page the server answers directly
const servers = []; // per-test servers (API + a fixture's static files)
const installs = new Map(); // fixture name -> Promise<dir>
let browserPromise;
let failures = 0;

before(async () => {
  runDir = makeRunDir();
  ({ tarball } = await packPackage(runDir));
  api = await startServer({ port: 0 });
  expected = await directPage(api);
}, { timeout: 90_000 });

after(async () => {
  const browser = await browserPromise?.catch(() => undefined);
  await browser?.close().catch(() => {});
  await stopAll();
  await Promise.all(servers.map((srv) => srv.close()));
  await api?.close();
  if (runDir && failures === 0 && !process.env.LOOPLY_ENV_KEEP) {
    rmSync(runDir, { recursive: true, force: true });
  } else if (runDir) {
    console.log(`work directory kept: ${runDir}`);
  }
}, { timeout: 30_000 });

/**
 * A `node:test` test with the suite's timeout that reports its duration; a failure keeps the
 * work directory. Mark a genuine package bug with `{ todo: 'bug: …' }` in `options`.
 */
function envTest(name, fn, options = {}) {
  test(name, { timeout: TEST_TIMEOUT, ...options }, async (t) => {
    const t0 = performance.now();
    try {
      await fn(t);
    } catch (err) {
      if (!options.todo) failures += 1;
      throw err;
    } finally {
      t.diagnostic(`${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    }
  });
}

/** The fixture installed once per run (later callers share the same copy). */
function fixture(name) {
  if (!installs.has(name)) installs.set(name, installFixture(runDir, name, tarball));
  return installs.get(name);
}

function browser() {
  browserPromise ??= launchBrowser();
  return browserPromise;
}

/** A local server that answers the API and serves `dir` under `/`. */
async function serveStatic(dir) {
  const srv = await startServer({ port: 0, static: [{ prefix: '/', dir }] });
  servers.push(srv);
  return srv;
}

/** Runs a command-line consumer; checks its report, the resolved entry point and the one call. */
async function runConsumer(t, { cmd, args, cwd, env, entry }) {
  const mark = api.requests.length;
  const r = await run(cmd, [...args, api.baseUrl, API_KEY], { cwd, env });
  const report = parseResultLine(r.stdout);
  assertReportedPage(report, expected, r.describe);
  assert.equal(r.code, 0, r.describe());
  assert.ok(report.resolved.endsWith(`/node_modules/looply-sdk/${entry}`),
    `looply-sdk resolved to ${report.resolved}, expected node_modules/looply-sdk/${entry}`);
  assertCalls(api, mark, 1, r.describe);
  t.diagnostic(`${report.runtime} -> ${report.resolved.replace(/^.*\/node_modules\//, '')}`);
  return report;
}

/**
 * Loads `url` in Chromium and returns its report (`result`), the page log (`context()`) and
 * `verify()`, which checks that nothing errored and that `calls` API calls reached `srv`.
 */
async function openPage(t, { url, srv, calls = 1 }) {
  const mark = srv.requests.length;
  const { result, problems, log, ms } = await loadPage(await browser(), url);
  const context = () => `${url}\n${formatLog(log)}`;
  return { result, problems, log, ms, context, mark, verify: () => {
    assert.deepEqual(problems, [], `the page logged errors\n${context()}`);
    assertCalls(srv, mark, calls, context);
    t.diagnostic(`page reported in ${ms} ms`);
  } };
}

// 1. Node 20: `import` and `require` -----------------------------------------------------------

envTest('node 20: ESM import resolves index.mjs and calls the API', async (t) => {
  assert.ok(Number(process.versions.node.split('.')[0]) >= 20, `Node ${process.version} < 20`);
  const dir = await fixture('node');
  await runConsumer(t, { cmd: NODE, args: ['consumer.mjs'], cwd: dir, entry: 'index.mjs' });
});

envTest('node 20: CommonJS require resolves index.cjs and calls the API', async (t) => {
  const dir = await fixture('node');
  await runConsumer(t, { cmd: NODE, args: ['consumer.cjs'], cwd: dir, entry: 'index.cjs' });
});

// 2. Deno and Bun -----------------------------------------------------------------------------

envTest('deno: run -A next to package.json + node_modules', async (t) => {
  const dir = await fixture('deno');
  await runConsumer(t, {
    cmd: join(BIN, 'deno'),
    args: ['run', '-A', 'consumer.mjs'],
    cwd: dir,
    env: { DENO_DIR: join(runDir, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
    entry: 'index.mjs',
  });
});

envTest('bun: bun consumer.mjs', async (t) => {
  const dir = await fixture('bun');
  await runConsumer(t, { cmd: join(BIN, 'bun'), args: ['consumer.mjs'], cwd: dir, entry: 'index.mjs' });
});

// 3. Chromium, no build step ------------------------------------------------------------------

envTest('chromium: plain <script type=module> page with an import map, no build step', async (t) => {
  const dir = await fixture('browser-static');
  const srv = await serveStatic(dir);
  const page = await openPage(t, { url: `${srv.url}/index.html`, srv });
  assertReportedPage(page.result, expected, page.context);
  page.verify();
});

// 4. Vite: production build and dev server ----------------------------------------------------

envTest('vite: production build (vite build, no config, no plugins) served statically', async (t) => {
  const dir = await fixture('vite');
  const r = await run(NODE, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: dir });
  assert.equal(r.code, 0, `vite build failed\n${r.describe()}`);
  const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /warn|\(!\)/i.test(l));
  assert.deepEqual(warnings, [], `vite build warned\n${r.describe()}`);
  const dist = join(dir, 'dist');
  const emitted = readdirSync(join(dist, 'assets'));
  assert.deepEqual(emitted.filter((f) => !f.endsWith('.js')), [], `unexpected assets: ${emitted}`);
  t.diagnostic(`vite build: ${r.ms} ms, assets: ${emitted.join(', ')}`);
  const srv = await serveStatic(dist);
  const page = await openPage(t, { url: `${srv.url}/index.html`, srv });
  assertReportedPage(page.result, expected, page.context);
  page.verify();
});

envTest('vite: dev server (createServer, 127.0.0.1, free port), API on another origin', async (t) => {
  const dir = await fixture('vite');
  const dev = startService(NODE, [join(ROOT, 'tests', 'env', 'support', 'vite-dev-server.mjs')], { cwd: dir });
  try {
    const port = await pollUntil(() => {
      const listening = /LISTENING (\d+)/.exec(dev.output());
      if (listening) return listening[1];
      if (dev.child.exitCode !== null || dev.child.signalCode !== null) throw fatal('the Vite dev server exited');
      return undefined;
    }, { timeoutMs: 30_000, what: 'the Vite dev server' }).catch((err) => {
      throw new Error(`${err.message}\n--- vite output ---\n${dev.output()}`);
    });
    const url = `http://127.0.0.1:${port}/?baseUrl=${encodeURIComponent(api.baseUrl)}`;
    const page = await openPage(t, { url, srv: api });
    const context = () => `${page.context()}\n--- vite output ---\n${dev.output()}`;
    assertReportedPage(page.result, expected, context);
    page.verify();
    assert.doesNotMatch(dev.output(), /error/i, `the Vite dev server logged an error\n${context()}`);
  } finally {
    await stop(dev.child);
  }
});

// 5. webpack 5, default configuration ---------------------------------------------------------

envTest('webpack 5: --mode production with no config file, no experiments', async (t) => {
  const dir = await fixture('webpack');
  const r = await run(NODE, [join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production'], { cwd: dir });
  assert.equal(r.code, 0, `webpack failed\n${r.describe()}`);
  assert.match(r.stdout, /compiled successfully/, `webpack compiled with warnings or errors\n${r.describe()}`);
  const dist = join(dir, 'dist');
  assert.deepEqual(readdirSync(dist), ['main.js'], `webpack emitted more than main.js\n${r.describe()}`);
  t.diagnostic(`webpack: ${r.ms} ms`);
  copyFileSync(join(dir, 'index.html'), join(dist, 'index.html'));
  const srv = await serveStatic(dist);
  const page = await openPage(t, { url: `${srv.url}/index.html`, srv });
  assertReportedPage(page.result, expected, page.context);
  page.verify();
});

// 6. Module Web Workers -----------------------------------------------------------------------

envTest('chromium: module Web Workers (relative import and esbuild bundle), no dangerouslyAllowBrowser', async (t) => {
  const dir = await fixture('web-worker');
  const r = await run(join(BIN, 'esbuild'), ['src/bundled-worker.mjs', '--bundle', '--format=esm',
    '--outfile=worker.bundle.mjs', '--log-level=warning'], { cwd: dir });
  assert.equal(r.code, 0, `esbuild failed\n${r.describe()}`);
  assert.equal(r.stderr.trim(), '', `esbuild warned\n${r.describe()}`);
  const srv = await serveStatic(dir);
  const page = await openPage(t, { url: `${srv.url}/index.html`, srv, calls: 2 });
  assert.equal(page.result?.ok, true, `${JSON.stringify(page.result)}\n${page.context()}`);
  for (const kind of ['relative', 'bundled']) {
    const report = page.result[kind];
    const context = () => `${kind} worker: ${JSON.stringify(report, null, 2)}\n${page.context()}`;
    assertReportedPage(report, expected, context);
    assert.equal(report.hasWindow, false, context());
    assert.equal(report.isWorker, true, context());
  }
  page.verify();
});

// 7. Cloudflare workerd -----------------------------------------------------------------------

envTest('workerd: esbuild --conditions=workerd bundle + the .wasm as a module', async (t) => {
  const dir = await fixture('workerd');
  const r = await run(join(BIN, 'esbuild'), ['src/worker.mjs', '--bundle', '--format=esm', '--conditions=workerd',
    '--external:*.wasm', '--outfile=dist/bundle.mjs', '--metafile=dist/meta.json', '--log-level=warning'], { cwd: dir });
  assert.equal(r.code, 0, `esbuild failed\n${r.describe()}`);
  const inputs = Object.keys(JSON.parse(readFileSync(join(dir, 'dist', 'meta.json'), 'utf8')).inputs);
  assert.ok(inputs.includes('node_modules/looply-sdk/index.workerd.mjs'), `bundle inputs: ${inputs.join(', ')}`);
  assert.ok(!inputs.includes('node_modules/looply-sdk/index.mjs'), `bundle inputs: ${inputs.join(', ')}`);
  assert.match(readFileSync(join(dir, 'dist', 'bundle.mjs'), 'utf8'), /from\s*["']\.\/looply_sdk_bg\.wasm["']/);
  const template = readFileSync(join(dir, 'config.capnp.in'), 'utf8');

  const mark = api.requests.length;
  let body;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    writeFileSync(join(dir, 'config.capnp'), template.replace('127.0.0.1:@PORT@', `127.0.0.1:${port}`));
    const wd = startService(join(BIN, 'workerd'), ['serve', 'config.capnp'], { cwd: dir });
    const url = `http://127.0.0.1:${port}/?baseUrl=${encodeURIComponent(api.baseUrl)}&apiKey=${API_KEY}`;
    try {
      body = await pollUntil(async () => {
        if (wd.child.exitCode !== null || wd.child.signalCode !== null) throw fatal('workerd exited');
        const res = await fetch(url).catch(() => undefined); // refused until workerd listens
        return res && { status: res.status, text: await res.text() };
      }, { timeoutMs: 20_000, everyMs: 50, what: 'workerd to answer' });
    } catch (err) {
      if (attempt < 3 && /address already in use/i.test(wd.output())) continue; // the free port was taken
      throw new Error(`${err.message}\n--- workerd output ---\n${wd.output()}`);
    } finally {
      await stop(wd.child);
    }
    const context = () => `HTTP ${body.status} ${body.text}\n--- workerd output ---\n${wd.output()}`;
    let report;
    try { report = JSON.parse(body.text); } catch { assert.fail(`workerd answered no JSON\n${context()}`); }
    assertReportedPage(report, expected, context);
    assert.equal(report.hasWindow, false, context());
    t.diagnostic(`workerd on port ${port}${attempt > 1 ? ` (attempt ${attempt})` : ''}, navigator.userAgent ${report.navigator}`);
    break;
  }
  assertCalls(api, mark, 1);
});

// 8. Packaging lint ---------------------------------------------------------------------------

/** Prints a tool's output as diagnostics, one line each (TAP diagnostics are single lines). */
function diagnoseLines(t, tool, r) {
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    if (line.trim() && !/^\*+$/.test(line.trim())) t.diagnostic(`${tool} | ${line}`);
  }
}

envTest('publint --strict on the packed tarball: no problems', async (t) => {
  const r = await run(NODE, [join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), 'run', tarball, '--strict'], { cwd: runDir });
  diagnoseLines(t, 'publint', r);
  assert.equal(r.code, 0, `publint reported problems\n${r.describe()}`);
  assert.match(r.stdout, /All good!/, r.describe());
});

envTest('attw (arethetypeswrong) on the packed tarball: no problems', async (t) => {
  const r = await run(NODE, [join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball,
    '--format', 'ascii', '--no-color', '--no-emoji'], { cwd: runDir });
  diagnoseLines(t, 'attw', r);
  assert.equal(r.code, 0, `attw reported problems\n${r.describe()}`);
  assert.match(r.stdout, /No problems found/, r.describe());
});

// 9. The browser guard ------------------------------------------------------------------------

envTest('chromium: browser guard, page needs dangerouslyAllowBrowser, a worker does not', async (t) => {
  const dir = await fixture('browser-static');
  const srv = await serveStatic(dir);
  const page = await openPage(t, { url: `${srv.url}/guard.html`, srv, calls: 0 });
  const { result } = page;
  const context = () => `${JSON.stringify(result, null, 2)}\n${page.context()}`;
  assert.equal(result?.ok, true, context());
  assert.equal(result.isWindow, true, context());
  for (const key of ['withoutOption', 'optionFalse']) {
    const r = result[key];
    assert.equal(r.threw, true, `${key}: constructing a client in a page did not throw\n${context()}`);
    assert.equal(r.name, 'ValidationError', `${key}\n${context()}`);
    assert.equal(r.param, 'apiKey', `${key}\n${context()}`);
    assert.match(r.message, /dangerouslyAllowBrowser/, `${key}\n${context()}`);
    assert.equal(r.isValidationError, true, `${key}: not instanceof ValidationError\n${context()}`);
    assert.equal(r.isLooplyError, true, `${key}: not instanceof LooplyError\n${context()}`);
    assert.equal(r.isError, true, `${key}: not instanceof Error\n${context()}`);
    assert.ok(!r.message.includes(API_KEY), `${key}: the message contains the API key\n${context()}`);
  }
  assert.deepEqual(result.optionTrue, { threw: false }, `dangerouslyAllowBrowser: true\n${context()}`);
  assert.deepEqual(result.worker, { isWorker: true, hasWindow: false, threw: false },
    `a module worker must not need dangerouslyAllowBrowser\n${context()}`);
  page.verify();
});
