// Bad input is refused with a ValidationError naming the parameter, and nothing is sent.
// Environment fallbacks and the browser guard run in child processes.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  BUILDS,
  SEEDED,
  ESM_ENTRY,
  CJS_ENTRY,
  startServer,
  clientFor,
  rejectionOf,
  thrownBy,
} from './support/harness.mjs';

const W = SEEDED.bigWorkflowId;
const GET = { workflow_id: W, workflow_version: 3 };
const cyclic = { a: 1 };
cyclic.self = cyclic;

// [method, params, options, param, todo?]: each call must reject with ValidationError(param).
const CALLS = [
  ['triggerWorkflow', {}, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: '' }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: null }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: 42 }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: ['w'] }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: '..' }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: '.' }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: 'x'.repeat(1025) }, undefined, 'workflow_id'],
  ['triggerWorkflow', { workflow_id: 'ä'.repeat(1025) }, undefined, 'workflow_id'],
  ...[1.5, -1, 'abc', '1.0', ' 1', '-1', '', NaN, Infinity, 2 ** 53, true, {}].map((v) => [
    'triggerWorkflow',
    { workflow_id: W, workflow_version: v },
    undefined,
    'workflow_version',
  ]),
  ...[[], 'text', 7, true, cyclic, { big: 10n }].map((p) => [
    'triggerWorkflow',
    { workflow_id: W, payload: p },
    undefined,
    'payload',
  ]),
  ['triggerWorkflow', { workflow_id: W, payload: new Date(0) }, undefined, 'payload'],
  ['triggerWorkflow', { workflow_id: W, payload: { toJSON: () => [1, 2] } }, undefined, 'payload'],
  ['resumeWorkflow', {}, undefined, 'process_id'],
  ['resumeWorkflow', { process_id: '' }, undefined, 'process_id'],
  ['resumeWorkflow', { process_id: 7 }, undefined, 'process_id'],
  ['resumeWorkflow', { process_id: '..' }, undefined, 'process_id'],
  ...['EMAIL', 'teams', 'Sap', '', 1, true, ['TEAMS'], { v: 'SAP' }].map((s) => [
    'resumeWorkflow',
    { process_id: 'p', payload: { source: s } },
    undefined,
    'payload.source',
  ]),
  ['resumeWorkflow', { process_id: 'p', payload: { source: null } }, undefined, 'payload.source'],
  ...[[], 'TEAMS', 3, cyclic, { n: 1n }].map((p) => [
    'resumeWorkflow',
    { process_id: 'p', payload: p },
    undefined,
    'payload',
  ]),
  ['runWorkflowAction', { process_id: 'p' }, undefined, 'action'],
  ...[
    '',
    'a/b',
    '../x',
    '..',
    'resume workflow',
    'resume-workflow',
    'getWorkflowById',
    'TRIGGERWORKFLOW',
    'toggleScheduledWorkflow',
    'getOrganizationExecutions',
    'a'.repeat(65),
    5,
  ].map((a) => ['runWorkflowAction', { action: a, process_id: 'p' }, undefined, 'action']),
  ['runWorkflowAction', { action: 'resumeworkflow' }, undefined, 'process_id'],
  ['runWorkflowAction', { action: 'resumeworkflow', process_id: '..' }, undefined, 'process_id'],
  [
    'runWorkflowAction',
    { action: 'resumeworkflow', process_id: 'p', payload: { source: 'EMAIL' } },
    undefined,
    'payload.source',
  ],
  ['runWorkflowAction', { action: 'approveworkflow', process_id: 'p', payload: 'x' }, undefined, 'payload'],
  ['toggleScheduledWorkflow', { workflow_version: 1, action: 'PAUSE' }, undefined, 'workflow_id'],
  ['toggleScheduledWorkflow', { workflow_id: W, action: 'PAUSE' }, undefined, 'workflow_version'],
  [
    'toggleScheduledWorkflow',
    { workflow_id: W, workflow_version: 1.5, action: 'PAUSE' },
    undefined,
    'workflow_version',
  ],
  ...[undefined, 'pause', 'STOP', 'PLAYING', 1].map((a) => [
    'toggleScheduledWorkflow',
    { workflow_id: W, workflow_version: 1, action: a },
    undefined,
    'action',
  ]),
  ['getWorkflowExecutionById', { workflow_execution_id: 'e' }, undefined, 'workflow_id'],
  ['getWorkflowExecutionById', { workflow_id: W }, undefined, 'workflow_execution_id'],
  ['getWorkflowExecutionById', { workflow_id: W, workflow_execution_id: '..' }, undefined, 'workflow_execution_id'],
  ['getWorkflowExecutionById', { workflow_id: W, workflow_execution_id: 12 }, undefined, 'workflow_execution_id'],
  ['getWorkflowExecutionHistory', {}, undefined, 'workflow_id'],
  ...[0, 31, 2.5, -1, 'x', '', NaN, true].map((l) => [
    'getWorkflowExecutionHistory',
    { workflow_id: W, limit: l },
    undefined,
    'limit',
  ]),
  ['getWorkflowExecutionHistory', { workflow_id: W, workflow_execution_id: '' }, undefined, 'workflow_execution_id'],
  ...[0, 31, 2.5, 'x'].map((l) => ['getOrganizationExecutions', { limit: l }, undefined, 'limit']),
  ['getOrganizationExecutions', { workflow_id: W }, undefined, 'workflow_execution_id'],
  ['getOrganizationExecutions', { workflow_execution_id: 'e' }, undefined, 'workflow_id'],
  ['getWorkflowById', { workflow_id: W }, undefined, 'workflow_version'],
  ['getWorkflowById', { workflow_version: 1 }, undefined, 'workflow_id'],
  ['getWorkflowById', { workflow_id: {}, workflow_version: 1 }, undefined, 'workflow_id'],
  ...[1.5, -1, 'abc', '1e3', null].map((v) => [
    'getWorkflowById',
    { workflow_id: W, workflow_version: v },
    undefined,
    'workflow_version',
  ]),
  ...[0, 31, 2.5, 'x'].map((l) => ['getOrganizationWorkflows', { limit: l }, undefined, 'limit']),
  // Pagination keys: any non-empty string or finite number (paginators.test.mjs: sent back as given).
  ...[NaN, Infinity, true, {}, [1], ''].map((v) => [
    'getOrganizationWorkflows',
    { workflow_id: W, workflow_version: v },
    undefined,
    'workflow_version',
  ]),
  ['getOrganizationWorkflows', { workflow_id: {} }, undefined, 'workflow_id'],
  ['getWorkflowSchemaById', { workflow_id: W, workflow_version: -1 }, undefined, 'workflow_version'],
  ['getWorkflowSchemaById', { workflow_id: '', workflow_version: 1 }, undefined, 'workflow_id'],
  ...['str', 5, [GET], () => GET, true].map((p) => ['getWorkflowById', p, undefined, 'params']),
  ['triggerWorkflow', 'w', undefined, 'params'],
  ['getOrganizationWorkflows', 'limit=5', undefined, 'params'],
  // Per-call options.
  ...[0, -1, '1', 1.5, 2 ** 31, NaN].map((t) => ['getWorkflowById', GET, { timeoutMs: t }, 'timeoutMs']),
  ...[11, -1, '2', 0.5].map((m) => ['getWorkflowById', GET, { maxRetries: m }, 'maxRetries']),
  ['triggerWorkflow', { workflow_id: W }, { retryNonIdempotent: 'yes' }, 'retryNonIdempotent'],
  ...['abort', {}, 1, true].map((s) => ['getWorkflowById', GET, { signal: s }, 'signal']),
  // (timeoutMs: the buggy path leaks the attempt's timer, which would hold the process for 30 s)
  ['getWorkflowById', GET, { signal: { aborted: false }, timeoutMs: 100 }, 'signal'],
  ['getWorkflowById', GET, { headers: new Headers({ 'x-a': 'b' }) }, 'headers'],
  ['getWorkflowById', { workflow_id: W, workflow_version: 0 }, undefined, 'workflow_version'],
  ['getWorkflowById', { workflow_id: W, workflow_version: '0' }, undefined, 'workflow_version'],
  ...[
    { 'x-api-key': 'k' },
    { 'X-API-KEY': 'k' },
    { 'bad name': 'v' },
    { '': 'v' },
    { 'x-a:b': 'v' },
    { 'x-ok': 'a\r\nb' },
    { 'x-ok': 'é' },
    { 'x-ok': 5 },
    'x-ok: 1',
    [['x-ok', '1']],
  ].map((h) => ['getWorkflowById', GET, { headers: h }, 'headers']),
  ['triggerWorkflow', { workflow_id: W }, { headers: { 'X-Api-Key': 'other' } }, 'headers'],
  ...['str', 5, []].map((o) => ['getWorkflowById', GET, o, 'options']),
];

// Constructor options that must throw ValidationError(param) synchronously.
const CONSTRUCTOR = [
  [{ apiKey: '' }, 'apiKey'],
  [{ apiKey: 5 }, 'apiKey'],
  [{ apiKey: 'a\nb' }, 'apiKey'],
  [{ apiKey: 'ké' }, 'apiKey'],
  ...['ftp://x', 'api.looply.io', 'http://x/?a=1', 'http://x/#f', 'http://x y', '', 5, {}].map((b) => [
    { apiKey: 'k', baseUrl: b },
    'baseUrl',
  ]),
  ...[0, -1, '1000', 1.5].map((t) => [{ apiKey: 'k', timeoutMs: t }, 'timeoutMs']),
  ...[11, -1, 1.5, '2'].map((m) => [{ apiKey: 'k', maxRetries: m }, 'maxRetries']),
  ...['fetch', {}, 1].map((f) => [{ apiKey: 'k', fetch: f }, 'fetch']),
  ...[
    { 'X-API-KEY': 'x' },
    { 'x-api-key': 'x' },
    { 'bad name': 'x' },
    { 'x-ok': 5 },
    { 'x-ok': 'a\nb' },
    'x',
    ['a'],
    // An array is never headers, even one whose forEach is hidden (its index would be a name).
    Object.defineProperty(['x-a'], 'forEach', { value: undefined }),
  ].map((h) => [{ apiKey: 'k', defaultHeaders: h }, 'defaultHeaders']),
  ['str', 'options'],
  [[], 'options'],
  [42, 'options'],
];

/** A short label for a test name (W for the seeded id; functions, dates, BigInts and cycles named). */
function show(v) {
  const replacer = (k, x) => {
    if (typeof x === 'bigint') return `${x}n`;
    if (typeof x === 'function') return 'fn';
    if (x === cyclic && k) return '[cycle]';
    if (typeof x === 'number' && !Number.isFinite(x)) return String(x);
    if (x === W) return 'W';
    return x;
  };
  if (typeof v === 'function') return 'fn';
  if (v instanceof Date) return 'Date';
  const text = JSON.stringify(
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x instanceof Date ? 'Date' : x]))
      : v,
    replacer,
  );
  return text === undefined ? String(v) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function assertValidation(sdk, err, param) {
  assert.ok(
    err instanceof sdk.ValidationError,
    `expected ValidationError(${param}), got ${err?.name}: ${err?.message}`,
  );
  assert.ok(err instanceof sdk.LooplyError && err instanceof Error);
  assert.ok(!(err instanceof sdk.APIError));
  assert.equal(err.name, 'ValidationError');
  assert.equal(err.param, param, err.message);
  assert.ok(err.message.includes(param), `message "${err.message}" should name ${param}`);
}

for (const [build, sdk] of BUILDS) {
  describe(`validation (${build} build)`, () => {
    let srv;
    let client;
    before(async () => {
      srv = await startServer({ stateDelayMs: 50 });
      client = clientFor(sdk, srv, { maxRetries: 0 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    for (const [method, params, options, param, todo] of CALLS) {
      test(`${method}(${show(params)}${options === undefined ? '' : `, ${show(options)}`}) -> ${param}`, {
        todo,
      }, async () => {
        let promise;
        assert.doesNotThrow(() => {
          promise = client[method](params, options);
        }, 'methods reject, never throw');
        assert.ok(promise instanceof Promise);
        assertValidation(sdk, await rejectionOf(promise), param);
        assert.equal(srv.requests.length, 0, 'no request sent');
      });
    }

    for (const [options, param] of CONSTRUCTOR) {
      test(`new LooplyClient(${show(options)}) throws -> ${param}`, () => {
        assertValidation(
          sdk,
          thrownBy(() => new sdk.LooplyClient(options)),
          param,
        );
      });
    }
  });
}

// ---- Environment fallbacks and the browser guard, each in a fresh child process ----

/** Child-process code that makes a client (`bare`: with no options at all, over the global fetch) and calls it once. */
const report = (bare) => `
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, key: init.headers.get('x-api-key') });
    return new Response('{"message":"success","item":{}}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  let out;
  try {
    ${bare ? 'globalThis.fetch = fetch;\n    const c = new sdk.LooplyClient();' : 'const c = new sdk.LooplyClient({ fetch, ...OPTIONS });'}
    await c.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
    out = { seen };
  } catch (e) {
    out = { error: { name: e.name, param: e.param, message: e.message, isValidation: e instanceof sdk.ValidationError } };
  }
  console.log(JSON.stringify(out));`;

/** Child-process code that binds `sdk` to the package, loaded like a user of that build would. */
const loadSdk = (build) =>
  build === 'esm'
    ? `const sdk = await import(${JSON.stringify(pathToFileURL(ESM_ENTRY).href)});`
    : `const sdk = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(CJS_ENTRY)});`;

/** The environment without the variables the SDK reads (`LOOPLY_*`), which each child sets itself. */
const withoutLooplyVariables = (vars) =>
  Object.fromEntries(Object.entries(vars).filter(([name]) => !name.startsWith('LOOPLY_')));

/** Runs the report in a child (`build`: 'esm' or 'cjs') with `env` as its only `LOOPLY_*` variables, after `prelude`. */
function runChild({ build = 'esm', env = {}, options = {}, prelude = '', bare = false }) {
  const code = `${prelude}\n${loadSdk(build)}\nconst OPTIONS = ${JSON.stringify(options)};\n${report(bare)}`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    env: { ...withoutLooplyVariables(process.env), ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

const PATH_Q = '/workflows/getWorkflowById?workflow_id=w&workflow_version=1';
const BROWSER = 'globalThis.window = { document: {} };';

describe('environment fallbacks and the browser guard (child processes)', () => {
  const before = {
    key: process.env.LOOPLY_API_KEY,
    url: process.env.LOOPLY_BASE_URL,
    window: typeof globalThis.window,
  };
  after(() => {
    assert.deepEqual(
      { key: process.env.LOOPLY_API_KEY, url: process.env.LOOPLY_BASE_URL, window: typeof globalThis.window },
      before,
    );
  });

  for (const build of ['esm', 'cjs']) {
    test(`${build}: LOOPLY_API_KEY and LOOPLY_BASE_URL are used when the options omit them`, () => {
      const out = runChild({ build, env: { LOOPLY_API_KEY: 'k-env', LOOPLY_BASE_URL: 'http://127.0.0.1:9/v1/' } });
      assert.deepEqual(out, { seen: [{ url: `http://127.0.0.1:9/v1${PATH_Q}`, key: 'k-env' }] });
    });

    // Catches a constructor that needs its options object (reading a property of undefined).
    test(`${build}: new LooplyClient() with no argument at all takes everything from the environment`, () => {
      const out = runChild({
        build,
        bare: true,
        env: { LOOPLY_API_KEY: 'k-env', LOOPLY_BASE_URL: 'http://127.0.0.1:9/v1' },
      });
      assert.deepEqual(out, { seen: [{ url: `http://127.0.0.1:9/v1${PATH_Q}`, key: 'k-env' }] });
    });

    test(`${build}: a browser-like global needs dangerouslyAllowBrowser`, () => {
      const out = runChild({ build, prelude: BROWSER, options: { apiKey: 'k-browser' } });
      assert.equal(out.error?.isValidation, true, JSON.stringify(out));
      assert.equal(out.error.param, 'apiKey');
      assert.match(out.error.message, /dangerouslyAllowBrowser/);
      assert.ok(!out.error.message.includes('k-browser'));
    });
  }

  test('options win over the environment', () => {
    const out = runChild({
      env: { LOOPLY_API_KEY: 'k-env', LOOPLY_BASE_URL: 'http://127.0.0.1:9/v1' },
      options: { apiKey: 'k-opt', baseUrl: 'https://proxy.example/looply//' },
    });
    assert.deepEqual(out, { seen: [{ url: `https://proxy.example/looply${PATH_Q}`, key: 'k-opt' }] });
  });

  test('without LOOPLY_BASE_URL (or with it empty) the public base URL is used', () => {
    for (const env of [{ LOOPLY_API_KEY: 'k-env' }, { LOOPLY_API_KEY: 'k-env', LOOPLY_BASE_URL: '' }]) {
      const out = runChild({ env });
      assert.deepEqual(out, { seen: [{ url: `https://api.looply.io/v1${PATH_Q}`, key: 'k-env' }] });
    }
  });

  test('no apiKey and no (or an empty) LOOPLY_API_KEY: ValidationError(apiKey) naming the variable', () => {
    for (const env of [{}, { LOOPLY_API_KEY: '' }]) {
      const out = runChild({ env });
      assert.equal(out.error?.isValidation, true, JSON.stringify(out));
      assert.equal(out.error.param, 'apiKey');
      assert.match(out.error.message, /LOOPLY_API_KEY/);
    }
  });

  test('a bad LOOPLY_BASE_URL: ValidationError(baseUrl)', () => {
    const out = runChild({ env: { LOOPLY_API_KEY: 'k', LOOPLY_BASE_URL: 'ftp://x' } });
    assert.deepEqual([out.error?.isValidation, out.error?.param], [true, 'baseUrl']);
  });

  test('browser-like global: dangerouslyAllowBrowser true allows it, false does not', () => {
    let out = runChild({
      prelude: BROWSER,
      options: { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', dangerouslyAllowBrowser: true },
    });
    assert.deepEqual(out, { seen: [{ url: `http://127.0.0.1:9/v1${PATH_Q}`, key: 'k' }] });
    out = runChild({ prelude: BROWSER, options: { apiKey: 'k', dangerouslyAllowBrowser: false } });
    assert.equal(out.error?.param, 'apiKey');
  });

  // Catches `apiKey: null` read as absent (the environment's key sent, or the guard applied),
  // or sent as a key: a browser app whose own backend adds the key.
  test('apiKey: null sends no key, ignores LOOPLY_API_KEY and needs no dangerouslyAllowBrowser', () => {
    for (const prelude of ['', BROWSER]) {
      const out = runChild({
        prelude,
        env: { LOOPLY_API_KEY: 'k-env-should-not-be-sent' },
        options: { apiKey: null, baseUrl: 'http://127.0.0.1:9/v1' },
      });
      assert.deepEqual(out, { seen: [{ url: `http://127.0.0.1:9/v1${PATH_Q}`, key: null }] }, prelude);
    }
  });

  // Catches a relative baseUrl refused in a page (the proxy setup), or accepted where nothing
  // can resolve it (Node).
  test('a relative baseUrl resolves against the page URL, and is refused without a page', () => {
    const page = `${BROWSER} globalThis.location = { href: 'https://app.example/shop/cart?x=1' };`;
    for (const [baseUrl, url] of [
      ['/api/looply/v1', 'https://app.example/api/looply/v1'],
      ['api/v1/', 'https://app.example/shop/api/v1'],
      ['../v1', 'https://app.example/v1'],
    ]) {
      const out = runChild({ prelude: page, options: { apiKey: null, baseUrl } });
      assert.deepEqual(out, { seen: [{ url: `${url}${PATH_Q}`, key: null }] }, baseUrl);
    }
    const out = runChild({ options: { apiKey: null, baseUrl: '/api/looply/v1' } });
    assert.deepEqual([out.error?.isValidation, out.error?.param], [true, 'baseUrl'], JSON.stringify(out));
    assert.match(out.error.message, /in a web page, relative to it/);
  });

  test('a window without a document is not a browser', () => {
    const out = runChild({
      prelude: 'globalThis.window = {};',
      options: { apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' },
    });
    assert.equal(out.seen?.length, 1, JSON.stringify(out));
  });

  test('a duck-typed signal with default retries: ValidationError, and the process lives on', () => {
    const code = `${loadSdk('esm')}
      const c = new sdk.LooplyClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 1000, fetch: async () => new Response('{}') });
      let got;
      try { await c.getWorkflowById({ workflow_id: 'w', workflow_version: 1 }, { signal: { aborted: false } }); got = 'resolved'; }
      catch (e) { got = e.name + ':' + e.param; }
      await new Promise((r) => setTimeout(r, 1200)); // past the SDK's first backoff timer
      console.log(JSON.stringify({ got }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(
      r.status,
      0,
      `child exited with ${r.status}: ${r.stderr.split('\n').find((l) => l.includes('Error'))}`,
    );
    assert.deepEqual(JSON.parse(r.stdout.trim()), { got: 'ValidationError:signal' });
  });
});
