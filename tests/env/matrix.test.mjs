// The environment matrix: the packed looply-sdk installed (npm install of the tarball) into a
// tiny consumer per environment, each calling getOrganizationWorkflows({ limit: 2 }) against
// the local Looply server and reporting the page, which must equal the server's own answer.
// See tests/env/README.md. Run: node --test tests/env/
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertCalls, assertReportedPage } from './support/checks.mjs';
import { BIN, ROOT } from './support/packed.mjs';
import { fatal, freePort, pollUntil, run, startService, stop } from './support/procs.mjs';
import { API_KEY, NODE, envSuite } from './support/suite.mjs';

const suite = envSuite();

// 1. Node 20: `import` and `require` -----------------------------------------------------------

suite.test('node 20: ESM import resolves index.mjs and calls the API', async (t) => {
  assert.ok(Number(process.versions.node.split('.')[0]) >= 20, `Node ${process.version} < 20`);
  const dir = await suite.fixture('node');
  await suite.runConsumer(t, { cmd: NODE, args: ['consumer.mjs'], cwd: dir, entry: 'index.mjs' });
});

suite.test('node 20: CommonJS require resolves index.cjs and calls the API', async (t) => {
  const dir = await suite.fixture('node');
  await suite.runConsumer(t, { cmd: NODE, args: ['consumer.cjs'], cwd: dir, entry: 'index.cjs' });
});

// 2. Deno and Bun -----------------------------------------------------------------------------

suite.test('deno: run -A next to package.json + node_modules', async (t) => {
  const dir = await suite.fixture('deno');
  await suite.runConsumer(t, {
    cmd: join(BIN, 'deno'),
    args: ['run', '-A', 'consumer.mjs'],
    cwd: dir,
    env: { DENO_DIR: join(suite.runDir, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1' },
    entry: 'index.mjs',
  });
});

suite.test('bun: bun consumer.mjs', async (t) => {
  const dir = await suite.fixture('bun');
  await suite.runConsumer(t, { cmd: join(BIN, 'bun'), args: ['consumer.mjs'], cwd: dir, entry: 'index.mjs' });
});

// 3. Chromium, no build step ------------------------------------------------------------------

suite.test('chromium: plain <script type=module> page with an import map, no build step', async (t) => {
  const dir = await suite.fixture('browser-static');
  const srv = await suite.serveStatic(dir);
  const page = await suite.openPage(t, { url: `${srv.url}/index.html`, srv });
  assertReportedPage(page.result, suite.expected, page.context);
  page.verify();
});

suite.test(
  'chromium: a redirect is hidden from the page, so it fails saying so and reaches no other origin',
  async (t) => {
    const dir = await suite.fixture('browser-static');
    const srv = await suite.serveStatic(dir);
    const elsewhere = await suite.serveStatic(dir);
    srv.inject({
      match: 'getOrganizationWorkflows',
      status: 302,
      headers: { location: `${elsewhere.url}/v1/workflows/getOrganizationWorkflows` },
    });
    const page = await suite.openPage(t, { url: `${srv.url}/redirect.html`, srv });
    const context = () => `${JSON.stringify(page.result, null, 2)}\n${page.context()}`;
    assert.equal(page.result?.ok, true, context());
    assert.equal(page.result.name, 'APIError', context());
    assert.equal(page.result.isAPIError, true, context());
    assert.equal(page.result.status, 0, context());
    assert.match(page.result.message, /a redirect, which this runtime hides from the SDK/, context());
    assert.equal(
      elsewhere.requests.filter((r) => r.path.includes('/v1/')).length,
      0,
      'the other origin received a call',
    );
    // Chromium reports the redirect's target as a request it aborted (manual mode): that one
    // problem, and no other, is expected.
    const aborted = `[requestfailed] GET ${elsewhere.url}/v1/workflows/getOrganizationWorkflows: net::ERR_ABORTED`;
    assert.deepEqual(
      page.problems.filter((p) => p !== aborted),
      [],
      context(),
    );
    assertCalls(srv, page.mark, 1, context);
  },
);

// 4. Vite: production build and dev server ----------------------------------------------------

suite.test('vite: production build (vite build, no config, no plugins) served statically', async (t) => {
  const dir = await suite.fixture('vite');
  const r = await run(NODE, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: dir });
  assert.equal(r.code, 0, `vite build failed\n${r.describe()}`);
  const warnings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /warn|\(!\)/i.test(l));
  assert.deepEqual(warnings, [], `vite build warned\n${r.describe()}`);
  const dist = join(dir, 'dist');
  const emitted = readdirSync(join(dist, 'assets'));
  assert.deepEqual(
    emitted.filter((f) => !f.endsWith('.js')),
    [],
    `unexpected assets: ${emitted}`,
  );
  t.diagnostic(`vite build: ${r.ms} ms, assets: ${emitted.join(', ')}`);
  const srv = await suite.serveStatic(dist);
  const page = await suite.openPage(t, { url: `${srv.url}/index.html`, srv });
  assertReportedPage(page.result, suite.expected, page.context);
  page.verify();
});

suite.test('vite: dev server (createServer, 127.0.0.1, free port), API on another origin', async (t) => {
  const dir = await suite.fixture('vite');
  const dev = startService(NODE, [join(ROOT, 'tests', 'env', 'support', 'vite-dev-server.mjs')], { cwd: dir });
  try {
    const port = await pollUntil(
      () => {
        const listening = /LISTENING (\d+)/.exec(dev.output());
        if (listening) return listening[1];
        if (dev.child.exitCode !== null || dev.child.signalCode !== null) throw fatal('the Vite dev server exited');
        return undefined;
      },
      { timeoutMs: 30_000, what: 'the Vite dev server' },
    ).catch((err) => {
      throw new Error(`${err.message}\n--- vite output ---\n${dev.output()}`);
    });
    const url = `http://127.0.0.1:${port}/?baseUrl=${encodeURIComponent(suite.api.baseUrl)}`;
    const page = await suite.openPage(t, { url, srv: suite.api });
    const context = () => `${page.context()}\n--- vite output ---\n${dev.output()}`;
    assertReportedPage(page.result, suite.expected, context);
    page.verify();
    assert.doesNotMatch(dev.output(), /error/i, `the Vite dev server logged an error\n${context()}`);
  } finally {
    await stop(dev.child);
  }
});

// 5. webpack 5, default configuration ---------------------------------------------------------

suite.test('webpack 5: --mode production with no config file, no experiments', async (t) => {
  const dir = await suite.fixture('webpack');
  const r = await run(NODE, [join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production'], {
    cwd: dir,
  });
  assert.equal(r.code, 0, `webpack failed\n${r.describe()}`);
  assert.match(r.stdout, /compiled successfully/, `webpack compiled with warnings or errors\n${r.describe()}`);
  const dist = join(dir, 'dist');
  assert.deepEqual(readdirSync(dist), ['main.js'], `webpack emitted more than main.js\n${r.describe()}`);
  t.diagnostic(`webpack: ${r.ms} ms`);
  copyFileSync(join(dir, 'index.html'), join(dist, 'index.html'));
  const srv = await suite.serveStatic(dist);
  const page = await suite.openPage(t, { url: `${srv.url}/index.html`, srv });
  assertReportedPage(page.result, suite.expected, page.context);
  page.verify();
});

// 6. Module Web Workers -----------------------------------------------------------------------

suite.test(
  'chromium: module Web Workers (relative import and esbuild bundle), no dangerouslyAllowBrowser',
  async (t) => {
    const dir = await suite.fixture('web-worker');
    const r = await run(
      join(BIN, 'esbuild'),
      ['src/bundled-worker.mjs', '--bundle', '--format=esm', '--outfile=worker.bundle.mjs', '--log-level=warning'],
      { cwd: dir },
    );
    assert.equal(r.code, 0, `esbuild failed\n${r.describe()}`);
    assert.equal(r.stderr.trim(), '', `esbuild warned\n${r.describe()}`);
    const srv = await suite.serveStatic(dir);
    const page = await suite.openPage(t, { url: `${srv.url}/index.html`, srv, calls: 2 });
    assert.equal(page.result?.ok, true, `${JSON.stringify(page.result)}\n${page.context()}`);
    for (const kind of ['relative', 'bundled']) {
      const report = page.result[kind];
      const context = () => `${kind} worker: ${JSON.stringify(report, null, 2)}\n${page.context()}`;
      assertReportedPage(report, suite.expected, context);
      assert.equal(report.hasWindow, false, context());
      assert.equal(report.isWorker, true, context());
    }
    page.verify();
  },
);

// 7. Cloudflare workerd -----------------------------------------------------------------------

suite.test('workerd: esbuild --conditions=workerd bundle + the .wasm as a module', async (t) => {
  const dir = await suite.fixture('workerd');
  const r = await run(
    join(BIN, 'esbuild'),
    [
      'src/worker.mjs',
      '--bundle',
      '--format=esm',
      '--conditions=workerd',
      '--external:*.wasm',
      '--outfile=dist/bundle.mjs',
      '--metafile=dist/meta.json',
      '--log-level=warning',
    ],
    { cwd: dir },
  );
  assert.equal(r.code, 0, `esbuild failed\n${r.describe()}`);
  const inputs = Object.keys(JSON.parse(readFileSync(join(dir, 'dist', 'meta.json'), 'utf8')).inputs);
  assert.ok(inputs.includes('node_modules/looply-sdk/index.workerd.mjs'), `bundle inputs: ${inputs.join(', ')}`);
  assert.ok(!inputs.includes('node_modules/looply-sdk/index.mjs'), `bundle inputs: ${inputs.join(', ')}`);
  assert.match(readFileSync(join(dir, 'dist', 'bundle.mjs'), 'utf8'), /from\s*["']\.\/looply_sdk_bg\.wasm["']/);
  const template = readFileSync(join(dir, 'config.capnp.in'), 'utf8');

  const mark = suite.api.requests.length;
  let body;
  let second;
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    writeFileSync(join(dir, 'config.capnp'), template.replace('127.0.0.1:@PORT@', `127.0.0.1:${port}`));
    const wd = startService(join(BIN, 'workerd'), ['serve', 'config.capnp'], { cwd: dir });
    const url = `http://127.0.0.1:${port}/?baseUrl=${encodeURIComponent(suite.api.baseUrl)}&apiKey=${API_KEY}`;
    try {
      body = await pollUntil(
        async () => {
          if (wd.child.exitCode !== null || wd.child.signalCode !== null) throw fatal('workerd exited');
          const res = await fetch(url).catch(() => undefined); // refused until workerd listens
          return res && { status: res.status, text: await res.text() };
        },
        { timeoutMs: 20_000, everyMs: 50, what: 'workerd to answer' },
      );
      // A second request of the same isolate: nothing of the first request's (an
      // AbortController, a timer) may serve it ("Cannot perform I/O on behalf of a
      // different request").
      const again = await fetch(url);
      second = { status: again.status, text: await again.text() };
    } catch (err) {
      if (attempt < 3 && /address already in use/i.test(wd.output())) continue; // the free port was taken
      throw new Error(`${err.message}\n--- workerd output ---\n${wd.output()}`);
    } finally {
      await stop(wd.child);
    }
    const context = () => `HTTP ${body.status} ${body.text}\n--- workerd output ---\n${wd.output()}`;
    let report;
    try {
      report = JSON.parse(body.text);
    } catch {
      assert.fail(`workerd answered no JSON\n${context()}`);
    }
    assertReportedPage(report, suite.expected, context);
    assert.equal(report.hasWindow, false, context());
    body = second;
    assertReportedPage(JSON.parse(second.text), suite.expected, context);
    t.diagnostic(
      `workerd on port ${port}${attempt > 1 ? ` (attempt ${attempt})` : ''}, navigator.userAgent ${report.navigator}`,
    );
    break;
  }
  assertCalls(suite.api, mark, 2);
});

// 8. Packaging lint ---------------------------------------------------------------------------

/** Prints a tool's output as diagnostics, one line each (TAP diagnostics are single lines). */
function diagnoseLines(t, tool, r) {
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    if (line.trim() && !/^\*+$/.test(line.trim())) t.diagnostic(`${tool} | ${line}`);
  }
}

suite.test('publint --strict on the packed suite.tarball: no problems', async (t) => {
  const r = await run(
    NODE,
    [join(ROOT, 'node_modules', 'publint', 'src', 'cli.js'), 'run', suite.tarball, '--strict'],
    { cwd: suite.runDir },
  );
  diagnoseLines(t, 'publint', r);
  assert.equal(r.code, 0, `publint reported problems\n${r.describe()}`);
  assert.match(r.stdout, /All good!/, r.describe());
});

suite.test('attw (arethetypeswrong) on the packed suite.tarball: no problems', async (t) => {
  const r = await run(
    NODE,
    [
      join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js'),
      suite.tarball,
      '--format',
      'ascii',
      '--no-color',
      '--no-emoji',
    ],
    { cwd: suite.runDir },
  );
  diagnoseLines(t, 'attw', r);
  assert.equal(r.code, 0, `attw reported problems\n${r.describe()}`);
  assert.match(r.stdout, /No problems found/, r.describe());
});

// Catches a failure in a page whose stack stops inside the SDK (no page frame) or shows its
// minified names; and a relative baseUrl or apiKey: null that does not reach the server so.
suite.test("chromium: a failure's stack names the SDK's method and reaches the page's own function", async (t) => {
  const dir = await suite.fixture('browser-static');
  const srv = await suite.serveStatic(dir);
  const page = await suite.openPage(t, { url: `${srv.url}/stack.html`, srv });
  const { result } = page;
  const context = () => `${JSON.stringify(result, null, 2)}\n${page.context()}`;
  assert.equal(result?.ok, true, context());
  assert.equal(result.name, 'PermissionDeniedError', context());
  assert.equal(result.status, 403, context());
  assert.match(result.stack, /at async LooplyClient\.getOrganizationWorkflows /, context());
  assert.match(result.stack, /at async pagesOwnCall \(.*\/stack\.html:\d+:\d+\)/, context());
  const sent = srv.requests.slice(page.mark).filter((r) => r.path.startsWith('/v1/'));
  assert.deepEqual(
    sent.map((r) => [r.path.split('?')[0], r.headers['x-api-key']]),
    [['/v1/workflows/getOrganizationWorkflows', undefined]],
    context(),
  );
});

// 9. The browser guard ------------------------------------------------------------------------

suite.test(
  'chromium: browser guard, page needs dangerouslyAllowBrowser (not with apiKey: null), a worker does not',
  async (t) => {
    const dir = await suite.fixture('browser-static');
    const srv = await suite.serveStatic(dir);
    const page = await suite.openPage(t, { url: `${srv.url}/guard.html`, srv, calls: 0 });
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
    assert.deepEqual(result.nullKey, { threw: false }, `apiKey: null with a relative baseUrl\n${context()}`);
    assert.deepEqual(
      result.worker,
      { isWorker: true, hasWindow: false, threw: false },
      `a module worker must not need dangerouslyAllowBrowser\n${context()}`,
    );
    page.verify();
  },
);
