// looply-sdk/testing from the packed tarball, as a user's tests would use it: ESM and
// CommonJS, a client against it, fail(), reset(), close(), the options, and the bin.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { BUILDS, SEEDED, rejectionOf, spawnChild } from './support/harness.mjs';

const consumer = new URL('../../build/consumer/', import.meta.url);
const TESTING = [
  ['esm', await import(new URL('testing.mjs', consumer).href)],
  ['cjs', createRequire(import.meta.url)(fileURLToPath(new URL('testing.cjs', consumer)))],
];
const [, sdk] = BUILDS[0];

for (const [build, testing] of TESTING) {
  describe(`looply-sdk/testing (${build})`, () => {
    // Catches a mock server that is not the real local server, or faults that do not apply.
    test('a client works against it; fail() answers, hangs or drops the next requests to a path', async () => {
      const mock = await testing.startMockServer({ stateDelayMs: 50 });
      try {
        assert.match(mock.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
        const client = new sdk.LooplyClient({
          baseUrl: mock.baseUrl,
          apiKey: mock.apiKey,
          maxRetries: 0,
          logLevel: 'off',
        });
        const page = await client.getOrganizationWorkflows({ limit: 2 });
        assert.equal(page.count, 2);
        mock.fail({ path: '/workflows/getOrganizationWorkflows', status: 503, body: { message: 'down for a test' } });
        const err = await rejectionOf(client.getOrganizationWorkflows());
        assert.ok(err instanceof sdk.InternalServerError && err.message === 'down for a test', String(err));
        assert.equal((await client.getOrganizationWorkflows({ limit: 1 })).count, 1, 'times defaults to 1');
        mock.fail({ path: '/workflows/getWorkflowById', hang: true });
        const hung = await rejectionOf(
          client.getWorkflowById({ workflow_id: SEEDED.bigWorkflowId, workflow_version: 1 }, { timeoutMs: 100 }),
        );
        assert.ok(hung instanceof sdk.APITimeoutError);
        mock.fail({ path: '/workflows/getOrganizationExecutions', drop: true, times: 2 });
        assert.ok((await rejectionOf(client.getOrganizationExecutions())) instanceof sdk.APIConnectionError);
        assert.deepEqual(mock.requests.map((r) => r.path).slice(0, 2), [
          '/workflows/getOrganizationWorkflows',
          '/workflows/getOrganizationWorkflows',
        ]);
        assert.equal(mock.requests[0].headers['x-api-key'], '<redacted>');
        assert.throws(() => mock.fail({ status: 500 }), /path must start with/);
        assert.throws(() => mock.fail({ path: '/workflows/x' }), /status/);
      } finally {
        await mock.close();
      }
    });

    // Catches reset() that leaves a test's executions, faults or log behind for the next.
    test('reset() goes back to the starting data; close() leaves nothing listening', async () => {
      const mock = await testing.startMockServer({ stateDelayMs: 50 });
      const client = new sdk.LooplyClient({ baseUrl: mock.baseUrl, apiKey: mock.apiKey, logLevel: 'off' });
      const before = await client.getWorkflowExecutionHistory({ workflow_id: SEEDED.bigWorkflowId, limit: 1 });
      await client.triggerWorkflow({ workflow_id: SEEDED.bigWorkflowId });
      mock.fail({ path: '/workflows/getOrganizationWorkflows', status: 500, times: 5 });
      mock.reset();
      assert.deepEqual(mock.requests, []);
      const after = await client.getWorkflowExecutionHistory({ workflow_id: SEEDED.bigWorkflowId, limit: 1 });
      assert.deepEqual(after.items[0], before.items[0], 'the triggered execution is gone');
      assert.equal((await client.getOrganizationWorkflows({ limit: 1 })).count, 1, 'the faults are gone');
      await mock.close();
      await assert.rejects(fetch(`${mock.baseUrl}/workflows/getOrganizationWorkflows`), 'nothing listens');
    });

    // Catches a fault that reaches other paths or outlives its `times`, loses its headers or
    // body, or a recorded path that is not relative to baseUrl.
    test('a fault applies to its path only, `times` times, with its headers and body', async () => {
      const mock = await testing.startMockServer();
      try {
        const get = (path) => fetch(`${mock.baseUrl}${path}`, { headers: { 'x-api-key': mock.apiKey } });
        const byId = `/workflows/getWorkflowById?workflow_id=${SEEDED.bigWorkflowId}&workflow_version=1`;
        mock.fail({
          path: '/workflows/getWorkflowById',
          status: 429,
          headers: { 'x-fault': 'yes' },
          body: { message: 'slow down' },
          times: 2,
        });
        assert.equal(
          (await get('/workflows/getOrganizationWorkflows?limit=1')).status,
          200,
          'another path is not failed',
        );
        for (const n of [1, 2]) {
          const res = await get(byId);
          assert.equal(res.status, 429, `request ${n}`);
          assert.equal(res.headers.get('x-fault'), 'yes');
          assert.deepEqual(await res.json(), { message: 'slow down' });
        }
        assert.equal((await get(byId)).status, 200, 'the third is answered');
        await get('');
        assert.deepEqual(
          mock.requests.map((r) => r.path),
          [
            '/workflows/getOrganizationWorkflows',
            '/workflows/getWorkflowById',
            '/workflows/getWorkflowById',
            '/workflows/getWorkflowById',
            '',
          ],
        );
      } finally {
        await mock.close();
      }
    });

    // Catches a spec or options of the wrong kind taken as valid (and failing later, or not).
    test('a spec or options that is not an object, or a path without its slash, is a TypeError that says so', async () => {
      const mock = await testing.startMockServer();
      try {
        for (const spec of [null, [], 'x', 503]) {
          assert.throws(
            () => mock.fail(spec),
            { name: 'TypeError', message: 'fail(spec): spec must be an object' },
            String(spec),
          );
        }
        for (const path of [42, 'workflows/getWorkflowById']) {
          assert.throws(
            () => mock.fail({ path, status: 500 }),
            { name: 'TypeError', message: /^fail\(spec\): path must start with '\/'/ },
            String(path),
          );
        }
        const res = await fetch(`${mock.baseUrl}/workflows/getOrganizationWorkflows?limit=1`, {
          headers: { 'x-api-key': mock.apiKey },
        });
        assert.equal(res.status, 200, 'no fault was queued');
      } finally {
        await mock.close();
      }
      for (const options of [null, [], 'x']) {
        await assert.rejects(
          testing.startMockServer(options),
          { name: 'TypeError', message: 'startMockServer(options): options must be an object' },
          String(options),
        );
      }
    });

    test("options: apiKey, data, latencyMs and the executions' pace", async () => {
      const data = {
        organizationId: 'org-test',
        workspaceId: 'ws-test',
        executions: [],
        workflows: [
          {
            workflow_id: 'wf-1',
            workflow_version: 1,
            workflow_name: 'One step',
            workflow_status: 'ACTIVE',
            workflow_status_version: 'ACTIVE_1',
            latest: 'true',
            organization_id: 'org-test',
            workspace_id: 'ws-test',
            workflow_steps: [
              { id: 'step_1', name: 'Start', type: 'trigger', config: {} },
              { id: 'step_2', name: 'Finish', type: 'end', config: {} },
            ],
            workflow_connections: [{ from: 'step_1', to: 'step_2' }],
            workflow_integrations: {},
            workflow_schema: {},
            workflow_mock_payload: {},
            created_by: null,
            modified_by: null,
            created_on: 1,
            modified_on: 1,
          },
        ],
      };
      const mock = await testing.startMockServer({ apiKey: 'test-key', data, latencyMs: 120, stateDelayMs: 20 });
      try {
        assert.equal(mock.apiKey, 'test-key');
        const client = new sdk.LooplyClient({ baseUrl: mock.baseUrl, apiKey: 'test-key', logLevel: 'off' });
        const t0 = Date.now();
        const page = await client.getOrganizationWorkflows();
        assert.ok(Date.now() - t0 >= 110, 'latencyMs applies');
        assert.deepEqual(
          page.items.map((w) => w.workflow_id),
          ['wf-1'],
        );
        const { execution } = await client.triggerWorkflowAndWait({ workflow_id: 'wf-1' }, { pollIntervalMs: 20 });
        assert.equal(execution.workflow_current_state, 'completed_state');
        const wrongKey = new sdk.LooplyClient({ baseUrl: mock.baseUrl, apiKey: 'looply-demo-key', maxRetries: 0 });
        assert.ok((await rejectionOf(wrongKey.getOrganizationWorkflows())) instanceof sdk.PermissionDeniedError);
      } finally {
        await mock.close();
      }
    });
  });
}

describe('looply-mock-server', () => {
  test('starts from a shell, prints where it listens, and stops on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('node_modules/.bin/looply-mock-server', consumer));
    const child = spawn(bin, ['--port', '0', '--ttl-seconds', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = await once(child.stdout, 'data');
      const baseUrl = /baseUrl ([^\s,]+)/.exec(String(line))?.[1];
      assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/, String(line));
      const res = await fetch(`${baseUrl}/workflows/getOrganizationWorkflows?limit=1`, {
        headers: { 'x-api-key': 'looply-demo-key' },
      });
      assert.equal(res.status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});

/** The bin started as a shell starts it, on a free port; `{ child, baseUrl, lines }` once it listens. */
async function startBin() {
  const bin = fileURLToPath(new URL('node_modules/.bin/looply-mock-server', consumer));
  const child = spawn(bin, ['--port', '0', '--ttl-seconds', '30'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  while (!out.includes('seeded workflow')) out += await once(child.stdout, 'data');
  return { child, baseUrl: /baseUrl ([^\s,]+)/.exec(out)?.[1], lines: out };
}

// Catches a quick start that does not run as written: ids the mock does not seed, variables
// it does not read, a bin whose help names another command.
describe("the npm README's first call, as written, against the bin", () => {
  test('--help names the bin; the listening lines say how to point a client at it', async () => {
    const bin = fileURLToPath(new URL('node_modules/.bin/looply-mock-server', consumer));
    const help = spawn(bin, ['--help'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [text] = await once(help.stdout, 'data');
    assert.match(String(text), /^Usage: npx looply-mock-server \[flags\]/);
    const { child, baseUrl, lines } = await startBin();
    child.kill('SIGTERM');
    assert.ok(lines.includes(`LOOPLY_BASE_URL=${baseUrl} LOOPLY_API_KEY=looply-demo-key`), lines);
    assert.ok(lines.includes(SEEDED.bigWorkflowId), lines);
  });

  test('first-call.mjs prints a state, with the variables the README exports', async () => {
    const readme = readFileSync(new URL('node_modules/looply-sdk/README.md', consumer), 'utf8');
    const section = readme.slice(readme.indexOf('## First call'), readme.indexOf('## In a browser'));
    const exported = /^export (.+)$/m.exec(section)?.[1];
    const code = /```js\n\/\/ first-call\.mjs\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(exported && code, 'the README lost its export line or first-call.mjs');
    const env = Object.fromEntries(exported.split(' ').map((pair) => pair.split('=')));
    assert.deepEqual(Object.keys(env), ['LOOPLY_BASE_URL', 'LOOPLY_API_KEY']);
    assert.equal(env.LOOPLY_BASE_URL, 'http://127.0.0.1:8787/v1', "the bin's default port");
    const file = new URL('first-call.mjs', consumer);
    writeFileSync(file, code);
    const { child, baseUrl } = await startBin();
    try {
      // As written, but on the free port the bin took instead of 8787.
      const { status, stdout, stderr } = await spawnChild(process.execPath, [fileURLToPath(file)], {
        cwd: fileURLToPath(consumer),
        env: { PATH: process.env.PATH, ...env, LOOPLY_BASE_URL: baseUrl },
      });
      assert.equal(status, 0, stderr);
      assert.match(stdout.trim(), /^[a-z_]+_state$/, stdout);
      assert.equal(stderr, '');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('looply-sdk/testing in Deno and Bun', () => {
  const SCRIPT = `
    import { startMockServer } from 'looply-sdk/testing';
    const mock = await startMockServer();
    const get = () => fetch(mock.baseUrl + '/workflows/getOrganizationWorkflows?limit=1', { headers: { 'x-api-key': mock.apiKey } });
    const ok = await get();
    mock.fail({ path: '/workflows/getOrganizationWorkflows', status: 503 });
    const failed = await get();
    console.log(JSON.stringify([ok.status, failed.status, mock.requests.length]));
    await mock.close();
  `;
  for (const [runtime, args] of [
    ['deno', ['run', '-A']],
    ['bun', []],
  ]) {
    test(`${runtime}: start, fail, requests, close`, async () => {
      const { writeFileSync, rmSync } = await import('node:fs');
      const file = fileURLToPath(new URL(`mock-${runtime}.mjs`, consumer));
      writeFileSync(file, SCRIPT);
      try {
        const bin = fileURLToPath(new URL(`../../node_modules/.bin/${runtime}`, import.meta.url));
        const { status, stdout, stderr } = await spawnChild(bin, [...args, file], { cwd: fileURLToPath(consumer) });
        assert.equal(status, 0, stdout + stderr);
        assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)), [200, 503, 2]);
      } finally {
        rmSync(file, { force: true });
      }
    });
  }
});
