// The environment matrix, part 2: test runners, mocks, frameworks and runtimes that users put
// looply-sdk in. Each case runs the packed tarball against the local server (127.0.0.1 only) and
// compares what came back with the server's own answer. See tests/env/README.md.
// Run: node --test tests/env/apps.test.mjs
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINT_PATH, assertCalls, assertReportedPage, parseResultLine, requestsSince } from './support/checks.mjs';
import { BIN, ROOT } from './support/packed.mjs';
import { fatal, freePort, pollUntil, run, startService, stop } from './support/procs.mjs';
import { API_KEY, NODE, envSuite } from './support/suite.mjs';

const suite = envSuite();
const NOT_A_PAGE = /dangerouslyAllowBrowser/;
/** Environment for apps that read their configuration the Node way. */
const apiEnv = () => ({ LOOPLY_API_KEY: API_KEY, LOOPLY_BASE_URL: suite.api.baseUrl });

/**
 * Runs a test runner in `dir` with its JSON report written to `outFile`; the fixture's tests
 * save what they saw in `reports/`. Resolves `{ r, json, mark, report(name), describe() }`.
 */
async function runRunner(dir, args, outFile) {
  const reports = join(dir, 'reports');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports);
  const mark = suite.api.requests.length;
  const r = await run(NODE, args, {
    cwd: dir,
    env: { ...apiEnv(), LOOPLY_ENV_REPORTS: reports, CI: '1' },
    timeoutMs: 90_000,
  });
  let json;
  try {
    json = JSON.parse(readFileSync(join(dir, outFile), 'utf8'));
  } catch {
    /* reported below */
  }
  const failures = () =>
    (json?.testResults ?? [])
      .flatMap((f) => [f.message, ...(f.assertionResults ?? []).flatMap((a) => a.failureMessages ?? [])])
      .filter(Boolean)
      .join('\n');
  const describe = () => `${r.describe()}\n--- failures from the JSON report ---\n${failures()}`;
  const report = (name) => {
    try {
      return JSON.parse(readFileSync(join(reports, `${name}.json`), 'utf8'));
    } catch {
      return undefined;
    }
  };
  return { r, json, mark, report, describe };
}

/** Every test file of the run passed and `n` tests ran. */
function assertRunnerPassed(run, n) {
  assert.ok(run.json, `no JSON report\n${run.describe()}`);
  assert.equal(run.json.numFailedTests, 0, run.describe());
  assert.equal(run.json.numPassedTests, n, `expected ${n} passing tests\n${run.describe()}`);
  assert.equal(run.r.code, 0, run.describe());
}

/** A page-like environment's report: the guard refused a client without the option, then a call worked. */
function assertPageLike(report, expected, context) {
  assertReportedPage(report, expected, context);
  assert.equal(report.guard?.name, 'ValidationError', `the browser guard did not apply\n${context()}`);
  assert.equal(report.guard.isValidationError, true, context());
  assert.match(report.guard.message, NOT_A_PAGE, context());
}

// 1 + 3. Vitest (node, jsdom, happy-dom) and MSW: one run of the fixture's four test files ----------

let vitestRun;
function vitest() {
  vitestRun ??= suite
    .fixture('vitest')
    .then((dir) =>
      runRunner(
        dir,
        [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', '--outputFile=vitest.json'],
        'vitest.json',
      ),
    );
  return vitestRun;
}

suite.test('vitest: the node, jsdom and happy-dom environments', async (t) => {
  const v = await vitest();
  assertRunnerPassed(v, 5);
  assertReportedPage(v.report('vitest-node'), suite.expected, v.describe);
  for (const env of ['jsdom', 'happy-dom'])
    assertPageLike(v.report(`vitest-${env}`), suite.expected, () => `${env}\n${v.describe()}`);
  t.diagnostic(`vitest: ${v.r.ms} ms for 4 files`);
});

suite.test('msw: setupServer intercepts a client made before listen(); vi.stubGlobal(fetch) after it', async () => {
  const v = await vitest();
  assertRunnerPassed(v, 5);
  const report = v.report('vitest-msw');
  const context = () => `${JSON.stringify(report, null, 2)}\n${v.describe()}`;
  assert.equal(
    report?.mocked?.items?.[0]?.workflow_id,
    'msw-made-up-workflow',
    `MSW's page did not come back\n${context()}`,
  );
  const url = `${suite.api.baseUrl}/workflows/getOrganizationWorkflows?limit=2`;
  assert.deepEqual(report.seen, [{ url, apiKey: API_KEY }], context());
  assert.equal(report.unhandled.threw, true, context());
  assert.equal(report.unhandled.name, 'APIConnectionError', context());
  assert.deepEqual(report.stubCalls, [url], context());
  assertReportedPage(report, suite.expected, context);
  // Real requests: vitest-node, -jsdom, -happy-dom and the stubbed fetch. The mocked call and
  // the unhandled one (getWorkflowById) never reached the server.
  assertCalls(suite.api, v.mark, 4, context);
});

// 2. Jest: defaults, and the jsdom environment -------------------------------------------------------

const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

suite.test('jest: defaults (CommonJS, testEnvironment node, no config) resolve index.cjs', async () => {
  const dir = await suite.fixture('jest');
  const j = await runRunner(
    dir,
    [JEST, '--ci', '--no-watchman', '--json', '--outputFile=jest-node.json', 'node.spec.js'],
    'jest-node.json',
  );
  assertRunnerPassed(j, 1);
  const report = j.report('jest-node');
  assertReportedPage(report, suite.expected, j.describe);
  assert.ok(report.resolved.endsWith('/node_modules/looply-sdk/index.cjs'), report.resolved);
  assertCalls(suite.api, j.mark, 1, j.describe);
});

suite.test('jest: testEnvironment jsdom (jest-fixed-jsdom) needs dangerouslyAllowBrowser, then calls', async () => {
  const dir = await suite.fixture('jest');
  const j = await runRunner(
    dir,
    [JEST, '--ci', '--no-watchman', '--json', '--outputFile=jest-jsdom.json', '--config', 'jest.jsdom.config.cjs'],
    'jest-jsdom.json',
  );
  assertRunnerPassed(j, 1);
  assertPageLike(j.report('jest-jsdom'), suite.expected, j.describe);
  assertCalls(suite.api, j.mark, 1, j.describe);
});

// 4. Next.js: server component, Node route, edge route (next build + next start) ------------------

const decodeHtml = (s) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Starts `next start` on a free 127.0.0.1 port (retried if the port is taken) until it answers. */
async function nextStart(dir) {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const next = startService(
      NODE,
      [join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)],
      { cwd: dir, env: { ...apiEnv(), NEXT_TELEMETRY_DISABLED: '1' } },
    );
    try {
      await pollUntil(
        async () => {
          if (next.child.exitCode !== null || next.child.signalCode !== null) throw fatal('next start exited');
          const res = await fetch(`http://127.0.0.1:${port}/robots.txt`).catch(() => undefined); // any answer: it listens
          if (res) await res.arrayBuffer();
          return Boolean(res);
        },
        { timeoutMs: 30_000, everyMs: 100, what: 'next start to answer' },
      );
      return { url: `http://127.0.0.1:${port}`, next };
    } catch (err) {
      await stop(next.child);
      if (attempt < 3 && /EADDRINUSE/.test(next.output())) continue;
      throw new Error(`${err.message}\n--- next output ---\n${next.output()}`);
    }
  }
}

suite.test(
  'next.js 16: server component, Node route handler, edge route handler (next build + next start)',
  async (t) => {
    const dir = await suite.fixture('nextjs', { dependencies: true });
    const build = await run(NODE, [join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
      cwd: dir,
      env: { NEXT_TELEMETRY_DISABLED: '1' },
      timeoutMs: 240_000,
    });
    assert.equal(build.code, 0, `next build failed\n${build.describe()}`);
    t.diagnostic(`next build: ${build.ms} ms`);
    // The edge route resolved the `edge-light` entry: Next hands it the .wasm as a module.
    const manifest = JSON.parse(readFileSync(join(dir, '.next', 'server', 'middleware-manifest.json'), 'utf8'));
    const wasm = manifest.functions?.['/api/edge/route']?.wasm ?? [];
    assert.ok(
      wasm.some((w) => /looply_sdk_bg/.test(w.filePath)),
      `the edge route has no looply .wasm module: ${JSON.stringify(manifest.functions)}`,
    );

    const mark = suite.api.requests.length;
    const { url, next } = await nextStart(dir);
    const context = (what) => () => `${what}\n--- next output ---\n${next.output()}`;
    try {
      for (const [path, runtime] of [
        ['/api/node', 'nodejs'],
        ['/api/edge', 'edge'],
      ]) {
        const res = await fetch(`${url}${path}`);
        const text = await res.text();
        let report;
        try {
          report = JSON.parse(text);
        } catch {
          assert.fail(`${path}: HTTP ${res.status} ${text}`);
        }
        assertReportedPage(report, suite.expected, context(`${path}: HTTP ${res.status}`));
        assert.equal(report.runtime, runtime);
        if (runtime === 'edge')
          assert.equal(report.hasEdgeRuntime, true, 'the edge route did not run in the edge runtime');
      }
      const html = await (await fetch(`${url}/`)).text();
      const pre = /<pre id="looply-result">([^<]*)<\/pre>/.exec(html);
      assert.ok(pre, `the server component rendered no result\n${html.slice(0, 2000)}`);
      assertReportedPage(JSON.parse(decodeHtml(pre[1])), suite.expected, context('server component page'));
      assertCalls(suite.api, mark, 3, context('requests'));
    } finally {
      await stop(next.child);
    }
  },
  { timeout: 360_000 },
);

// 5. A serverless-style bundle (esbuild --platform=node), run with no node_modules in reach --------

suite.test(
  'serverless bundle: esbuild --bundle --platform=node (cjs and esm), run from a folder without node_modules',
  async (t) => {
    const dir = await suite.fixture('serverless');
    const away = mkdtempSync(join(tmpdir(), 'looply-serverless-')); // outside the repository: no node_modules above it
    try {
      copyFileSync(join(dir, 'invoke.cjs'), join(away, 'invoke.cjs'));
      for (const [format, file] of [
        ['cjs', 'handler.cjs'],
        ['esm', 'handler.mjs'],
      ]) {
        const b = await run(
          join(BIN, 'esbuild'),
          [
            'handler.mjs',
            '--bundle',
            '--platform=node',
            `--format=${format}`,
            `--outfile=dist/${file}`,
            `--metafile=dist/${file}.json`,
            '--log-level=warning',
          ],
          { cwd: dir },
        );
        assert.equal(b.code, 0, `esbuild failed\n${b.describe()}`);
        assert.equal(b.stderr.trim(), '', `esbuild warned\n${b.describe()}`);
        const inputs = Object.keys(JSON.parse(readFileSync(join(dir, 'dist', `${file}.json`), 'utf8')).inputs);
        const entry = inputs.find((i) => i.startsWith('node_modules/looply-sdk/'));
        assert.match(entry ?? '', /\/index\.(mjs|cjs)$/, `bundle inputs: ${inputs.join(', ')}`);
        copyFileSync(join(dir, 'dist', file), join(away, file));
        const mark = suite.api.requests.length;
        const r = await run(NODE, ['invoke.cjs', file], { cwd: away, env: apiEnv() });
        const report = parseResultLine(r.stdout);
        assertReportedPage(report, suite.expected, r.describe);
        assert.equal(report.reachable, false, `looply-sdk was resolvable from ${away}`);
        assertCalls(suite.api, mark, 1, r.describe);
        t.diagnostic(`${format}: bundled ${entry}`);
      }
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  },
);

// 6. miniflare (Cloudflare's local runtime, on workerd) ---------------------------------------------

suite.test('miniflare: the workerd bundle with the .wasm as a CompiledWasm module', async (t) => {
  const dir = await suite.fixture('workerd');
  const b = await run(
    join(BIN, 'esbuild'),
    [
      'src/worker.mjs',
      '--bundle',
      '--format=esm',
      '--conditions=workerd',
      '--external:*.wasm',
      '--outfile=dist/bundle.mjs',
      '--log-level=warning',
    ],
    { cwd: dir },
  );
  assert.equal(b.code, 0, `esbuild failed\n${b.describe()}`);
  // wrangler emits the .wasm beside the bundle; miniflare resolves the import there.
  copyFileSync(join(dir, 'node_modules', 'looply-sdk', 'looply_sdk_bg.wasm'), join(dir, 'dist', 'looply_sdk_bg.wasm'));
  const mark = suite.api.requests.length;
  const r = await run(NODE, [join(ROOT, 'tests', 'env', 'support', 'miniflare-run.mjs'), suite.api.baseUrl, API_KEY], {
    cwd: dir,
  });
  const report = parseResultLine(r.stdout);
  assertReportedPage(report, suite.expected, r.describe);
  assert.equal(report.status, 200, r.describe());
  assert.equal(report.hasWindow, false, r.describe());
  assert.equal(report.navigator, 'Cloudflare-Workers', r.describe());
  assertCalls(suite.api, mark, 1, r.describe);
  t.diagnostic(`miniflare: ${r.ms} ms`);
});

// 7. node --jitless: no WebAssembly at all -------------------------------------------------------------

suite.test('node --jitless: import works; new LooplyClient() throws a LooplyError naming WebAssembly', async (t) => {
  const dir = await suite.fixture('jitless');
  for (const [file, entry] of [
    ['consumer.mjs', 'index.mjs'],
    ['consumer.cjs', 'index.cjs'],
  ]) {
    const mark = suite.api.requests.length;
    const r = await run(NODE, ['--jitless', file, suite.api.baseUrl, API_KEY], { cwd: dir });
    const report = parseResultLine(r.stdout);
    const context = () => `${JSON.stringify(report, null, 2)}\n${r.describe()}`;
    assert.equal(report?.imported, true, `importing looply-sdk threw under --jitless\n${context()}`);
    assert.ok(report.resolved.endsWith(`/node_modules/looply-sdk/${entry}`), report.resolved);
    assert.equal(report.hasWebAssembly, false, context());
    assert.equal(report.constructed, false, `the constructor did not throw\n${context()}`);
    assert.equal(report.error.name, 'LooplyError', context());
    assert.equal(report.error.isLooplyError, true, context());
    assert.match(report.error.message, /WebAssembly/, context());
    assert.match(report.error.message, /wasm-unsafe-eval/, context());
    assert.equal(r.code, 0, context());
    assertCalls(suite.api, mark, 0, context);
    t.diagnostic(`${file}: ${report.error.message}`);
  }
});

// 8. Chromium under a Content-Security-Policy, without and with 'wasm-unsafe-eval' -----------------

const CSP_STRICT = "default-src 'self'; img-src data:; script-src 'self'";
const CSP_WASM = "default-src 'self'; img-src data:; script-src 'self' 'wasm-unsafe-eval'";

suite.test("chromium + CSP: without 'wasm-unsafe-eval' a clear LooplyError, with it a working call", async (t) => {
  const dir = await suite.fixture('browser-csp');
  const srv = await suite.serveStatic([
    { prefix: '/strict/', dir, headers: { 'content-security-policy': CSP_STRICT } },
    { prefix: '/wasm/', dir, headers: { 'content-security-policy': CSP_WASM } },
  ]);
  const strict = await suite.openPage(t, { url: `${srv.url}/strict/index.html`, srv, calls: 0 });
  const context = () => `${JSON.stringify(strict.result, null, 2)}\n${strict.context()}`;
  assert.equal(strict.result?.ok, true, context());
  assert.equal(strict.result.imported, true, `importing looply-sdk failed under the CSP\n${context()}`);
  assert.equal(strict.result.constructed, false, `the constructor did not throw\n${context()}`);
  assert.equal(strict.result.error.name, 'LooplyError', context());
  assert.equal(strict.result.error.isLooplyError, true, context());
  assert.match(strict.result.error.message, /wasm-unsafe-eval/, context());
  // The browser reports the refused compilation itself (a CSP violation); nothing else may fail.
  const unexpected = strict.problems.filter((p) => !/Content Security Policy|wasm-unsafe-eval|WebAssembly/i.test(p));
  assert.deepEqual(unexpected, [], context());
  assertCalls(srv, strict.mark, 0, context);
  t.diagnostic(`without 'wasm-unsafe-eval': ${strict.result.error.message}`);

  const allowed = await suite.openPage(t, { url: `${srv.url}/wasm/index.html`, srv });
  assertReportedPage(allowed.result, suite.expected, allowed.context);
  allowed.verify();
});

// 9. CommonJS and ESM entries in one process: one family of error classes --------------------------

suite.test('dual package: errors from the CJS entry are instances of the ESM classes, and vice versa', async () => {
  const dir = await suite.fixture('dual');
  const mark = suite.api.requests.length;
  const r = await run(NODE, ['dual.mjs', suite.api.baseUrl, API_KEY], { cwd: dir });
  const report = parseResultLine(r.stdout);
  const context = () => `${JSON.stringify(report, null, 2)}\n${r.describe()}`;
  assertReportedPage(report, suite.expected, context);
  assert.deepEqual(report.esmPage, suite.expected, context());
  assert.equal(report.distinctCopies, true, `require and import gave the same module: nothing tested\n${context()}`);
  const want = {
    notFound: { name: 'NotFoundError', instanceOf: ['LooplyError', 'APIError', 'NotFoundError'] },
    validation: { name: 'ValidationError', instanceOf: ['LooplyError', 'ValidationError'] },
  };
  assert.deepEqual(report.cjsErrorsSeenByCjs, want, `within one entry\n${context()}`);
  assert.deepEqual(report.cjsErrorsSeenByEsm, want, `CJS errors against the ESM classes\n${context()}`);
  assert.deepEqual(report.esmErrorsSeenByCjs, want, `ESM errors against the CJS classes\n${context()}`);
  const paths = requestsSince(suite.api, mark).map((q) => q.path);
  const byId = '/v1/workflows/getWorkflowById';
  assert.deepEqual(paths, [ENDPOINT_PATH, byId, ENDPOINT_PATH, byId], context()); // limit 99 never left the client
});
