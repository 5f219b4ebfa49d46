// What every environment-matrix test file shares: its own work directory and tarball (packed in
// `before()`), the local API server and the page it answers, `envTest()` (a timed test whose
// failure keeps the work directory), fixtures installed once, one Chromium, static servers,
// and the clean-up of all of them in `after()`.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startServer } from '../../../server/looply-server.mjs';
import { formatLog, launchBrowser, loadPage } from './browser.mjs';
import { assertCalls, assertReportedPage, directPage, parseResultLine } from './checks.mjs';
import { installFixture, makeRunDir, packPackage } from './packed.mjs';
import { run, stopAll } from './procs.mjs';

export const API_KEY = 'looply-demo-key';
export const NODE = process.execPath;

/**
 * Registers the file's `before()`/`after()` and returns the suite. `runDir`, `tarball`, `api`
 * (the shared local server, API only) and `expected` (its own answer) are set once `before()`
 * has run, so read them inside tests.
 */
export function envSuite({ timeoutMs = 60_000 } = {}) {
  const installs = new Map(); // fixture name -> Promise<dir>
  const servers = [];
  const cleanups = [];
  let browserPromise;
  let failures = 0;
  const suite = { runDir: undefined, tarball: undefined, api: undefined, expected: undefined };

  before(
    async () => {
      suite.runDir = makeRunDir();
      ({ tarball: suite.tarball } = await packPackage(suite.runDir));
      suite.api = await startServer({ port: 0 });
      suite.expected = await directPage(suite.api);
    },
    { timeout: 90_000 },
  );

  after(
    async () => {
      const browser = await browserPromise?.catch(() => undefined);
      await browser?.close().catch(() => {});
      await stopAll();
      for (const fn of cleanups.reverse()) await fn();
      await Promise.all(servers.map((srv) => srv.close()));
      await suite.api?.close();
      if (suite.runDir && failures === 0 && !process.env.LOOPLY_ENV_KEEP) {
        rmSync(suite.runDir, { recursive: true, force: true });
      } else if (suite.runDir) {
        console.log(`work directory kept: ${suite.runDir}`);
      }
    },
    { timeout: 30_000 },
  );

  /**
   * A `node:test` test with the suite's timeout that reports its duration; a failure keeps the
   * work directory. Mark a genuine package bug with `{ todo: 'bug: …' }` in `options`.
   */
  suite.test = (name, fn, options = {}) => {
    test(name, { timeout: timeoutMs, ...options }, async (t) => {
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
  };

  /** The fixture installed once per run (later callers share the same copy); see installFixture. */
  suite.fixture = (name, options) => {
    if (!installs.has(name)) installs.set(name, installFixture(suite.runDir, name, suite.tarball, options));
    return installs.get(name);
  };

  /** Runs `fn` in `after()` (after the child processes are stopped). */
  suite.onCleanup = (fn) => cleanups.push(fn);

  suite.browser = () => {
    browserPromise ??= launchBrowser();
    return browserPromise;
  };

  /** A local server that answers the API and serves `dir` under `/` (or the given mounts). */
  suite.serveStatic = async (dirOrMounts) => {
    const mounts = typeof dirOrMounts === 'string' ? [{ prefix: '/', dir: dirOrMounts }] : dirOrMounts;
    const srv = await startServer({ port: 0, static: mounts });
    servers.push(srv);
    return srv;
  };

  /** Runs a command-line consumer; checks its report, the resolved entry point and the one call. */
  suite.runConsumer = async (t, { cmd, args, cwd, env, entry }) => {
    const { api, expected } = suite;
    const mark = api.requests.length;
    const r = await run(cmd, [...args, api.baseUrl, API_KEY], { cwd, env });
    const report = parseResultLine(r.stdout);
    assertReportedPage(report, expected, r.describe);
    assert.equal(r.code, 0, r.describe());
    assert.ok(
      report.resolved.endsWith(`/node_modules/looply-sdk/${entry}`),
      `looply-sdk resolved to ${report.resolved}, expected node_modules/looply-sdk/${entry}`,
    );
    assertCalls(api, mark, 1, r.describe);
    t.diagnostic(`${report.runtime} -> ${report.resolved.replace(/^.*\/node_modules\//, '')}`);
    return report;
  };

  /**
   * Loads `url` in Chromium and returns its report (`result`), the page log (`context()`) and
   * `verify()`, which checks that nothing errored and that `calls` API calls reached `srv`.
   */
  suite.openPage = async (t, { url, srv, calls = 1 }) => {
    const mark = srv.requests.length;
    const { result, problems, log, ms } = await loadPage(await suite.browser(), url);
    const context = () => `${url}\n${formatLog(log)}`;
    return {
      result,
      problems,
      log,
      ms,
      context,
      mark,
      verify: () => {
        assert.deepEqual(problems, [], `the page logged errors\n${context()}`);
        assertCalls(srv, mark, calls, context);
        t.diagnostic(`page reported in ${ms} ms`);
      },
    };
  };

  return suite;
}
