// Tests of the local Looply server over real HTTP on 127.0.0.1.
// Run: node --test server/test/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, SEEDED, bigWorkflowExecutionCount, DEFAULTS } from '../looply-server.mjs';
import { api } from '../test-support/api.mjs';
import { seedData } from '../seed.mjs';
import { GZIP_BOMB_BYTES } from '../faults.mjs';
import { gunzipSync } from 'node:zlib';

// ---- helpers ----
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A query string from an object, skipping undefined values. */
const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)).toString();

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
async function waitFor(check, { timeoutMs = 3000, intervalMs = 15 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A raw http.request that reports status, headers, the bytes received and whether the socket broke. */
function rawRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), broken: false }),
      );
      res.on('error', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), broken: true }),
      );
    });
    req.on('error', (error) => resolve({ error }));
    req.end(body);
  });
}

/** A POST to a control endpoint of `srv`. */
const post = (srv, p, body) => fetch(`${srv.url}/__control/${p}`, { method: 'POST', body: JSON.stringify(body) });

/** Writes raw bytes to the port and collects what comes back until the socket closes. */
function rawSocket(port, text) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', () => {});
  });
}

// ---- tests ----

const SERVER_FILE = fileURLToPath(new URL('../looply-server.mjs', import.meta.url));
const BIG = SEEDED.bigWorkflowId;

const EXECUTION_FIELDS = [
  'workflow_current_state',
  'organization_id',
  'workflow_execution_id',
  'modified_by',
  'workflow_version',
  'workflow_event_log',
  'workflow_id',
  'workflow_input_payload',
  'workflow_output_payload',
  'workflow_trigger_type',
  'workspace_id',
  'created_on',
  'modified_on',
  'condensed_logs',
  'workflow_details',
];
const EXECUTION_LIST_FIELDS = [
  'workflow_id',
  'workflow_current_state',
  'modified_on',
  'organization_id',
  'workflow_execution_id',
  'modified_by',
  'workflow_version',
  'workflow_event_log',
  'workflow_trigger_type',
  'workspace_id',
  'created_on',
  'workflow_details',
];
const WORKFLOW_FIELDS = [
  'organization_id',
  'workflow_integrations',
  'workflow_name',
  'created_by',
  'workflow_status_version',
  'modified_by',
  'workflow_version',
  'workflow_steps',
  'workflow_id',
  'modified_on',
  'workflow_connections',
  'workflow_status',
  'latest',
  'workspace_id',
  'created_on',
  'workflow_schema',
];

const assertHasFields = (item, fields) => fields.forEach((f) => assert.ok(f in item, `missing field ${f}`));

/** Follows lastKey until the end; returns all items and how many requests it took. */
async function walk(srv, endpoint, params, keyToQuery) {
  const items = [];
  let query = { ...params };
  for (let requests = 1; ; requests += 1) {
    const { status, json } = await api(srv, `/workflows/${endpoint}?${qs(query)}`);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.count, json.items.length);
    items.push(...json.items);
    if (!json.lastKey) return { items, requests };
    query = { ...params, ...keyToQuery(json.lastKey) };
  }
}

describe('read-only endpoints (default seed)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ port: 0 });
  });
  after(() => srv.close());

  // Catches: a baseUrl or apiKey that does not work against the server it came from, the
  // defaults not applied (no executions seeded), or an option ignored.
  test('startServer gives a baseUrl and apiKey that work, and seeds the default executions', async () => {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(new URL(srv.url).port, String(srv.port));
    const { items } = await walk(srv, 'getOrganizationExecutions', { limit: 30 }, (k) => k);
    assert.equal(items.length, DEFAULTS.executions);
    const other = await startServer({ apiKey: 'another-key', executions: 7 });
    try {
      assert.equal((await api(other, '/workflows/getOrganizationWorkflows')).status, 200);
      assert.equal((await api(other, '/workflows/getOrganizationWorkflows', { key: 'looply-demo-key' })).status, 403);
      assert.equal((await walk(other, 'getOrganizationExecutions', { limit: 30 }, (k) => k)).items.length, 7);
    } finally {
      await other.close();
    }
  });

  test('missing or wrong x-api-key is 403 Forbidden, with a request id and CORS', async () => {
    for (const key of [null, 'wrong-key']) {
      const res = await api(srv, `/workflows/getWorkflowById?${qs({ workflow_id: BIG, workflow_version: 1 })}`, {
        key,
      });
      assert.equal(res.status, 403);
      assert.deepEqual(res.json, { message: 'Forbidden' });
      assert.match(res.headers.get('x-amzn-requestid'), UUID_RE);
      assert.equal(res.headers.get('content-type'), 'application/json');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('access-control-expose-headers'), /x-amzn-requestid/);
    }
    const unknownRoute = await api(srv, '/nothing/here', { key: null });
    assert.equal(unknownRoute.status, 403, 'the key is checked before routing');
  });

  test('every response gets a fresh request id', async () => {
    const a = await api(srv, '/workflows/getOrganizationWorkflows');
    const b = await api(srv, '/workflows/getOrganizationWorkflows');
    assert.notEqual(a.headers.get('x-amzn-requestid'), b.headers.get('x-amzn-requestid'));
  });

  test('unknown routes are 404, wrong methods 405, bad encodings 400', async () => {
    assert.deepEqual((await api(srv, '/workflows/nope')).json, { message: 'Not Found' });
    assert.equal((await api(srv, '/other')).status, 404);
    assert.equal((await api(srv, '/workflows/a/b/c/d')).status, 404);
    const wrongMethod = await api(srv, '/workflows/getOrganizationWorkflows', { method: 'POST' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
    assert.equal((await api(srv, `/workflows/triggerworkflow/${BIG}`, { method: 'GET' })).status, 405);
    assert.equal((await api(srv, '/workflows/getOrganizationWorkflows', { method: 'DELETE' })).status, 405);
    const badPath = await api(srv, '/workflows/triggerworkflow/%ZZ', { method: 'POST' });
    assert.equal(badPath.status, 400);
    assert.match(badPath.json.message, /percent-encoding/);
    assert.equal((await api(srv, '/workflows/getOrganizationWorkflows?limit=%ZZ')).status, 400);
  });

  test('getWorkflowById returns every documented field', async () => {
    const res = await api(
      srv,
      `/workflows/getWorkflowById?${qs({ workflow_id: BIG, workflow_version: SEEDED.bigWorkflowVersion })}`,
    );
    assert.equal(res.status, 200);
    assert.equal(res.json.message, 'success');
    const { item } = res.json;
    assertHasFields(item, WORKFLOW_FIELDS);
    assert.equal(item.workflow_name, 'Invoice Approval');
    assert.equal(item.workflow_version, SEEDED.bigWorkflowVersion);
    assert.equal(item.latest, 'true');
    assert.equal(item.workflow_status_version, `ACTIVE_${SEEDED.bigWorkflowVersion}`);
    assert.equal(item.organization_id, SEEDED.organizationId);
    assert.ok(item.workflow_steps.some((s) => s.type === 'approval'));
    assert.ok(item.workflow_connections.every((c) => typeof c.from === 'string' && typeof c.to === 'string'));
    assert.equal(item.workflow_schema.type, 'object');
    const older = await api(srv, `/workflows/getWorkflowById?${qs({ workflow_id: BIG, workflow_version: 1 })}`);
    assert.equal(older.json.item.latest, 'false');
    const scheduled = await api(
      srv,
      `/workflows/getWorkflowById?${qs({ workflow_id: SEEDED.scheduledWorkflowId, workflow_version: SEEDED.scheduledWorkflowVersion })}`,
    );
    assert.deepEqual(scheduled.json.item.workflow_schedule, {
      cron: '0 2 * * *',
      timezone: 'Europe/Berlin',
      paused: false,
    });
    assert.equal(scheduled.json.item.workflow_status, 'ACTIVE');
  });

  test('getWorkflowById validates its parameters', async () => {
    const cases = [
      [{}, 400, 'workflow_id is required'],
      [{ workflow_id: BIG }, 400, 'workflow_version is required'],
      [{ workflow_id: BIG, workflow_version: 'x' }, 400, 'workflow_version must be a positive integer'],
      [{ workflow_id: 'nope', workflow_version: 1 }, 404, 'Workflow not found'],
      [{ workflow_id: BIG, workflow_version: 99 }, 404, 'Workflow version not found'],
    ];
    for (const [params, status, message] of cases) {
      const res = await api(srv, `/workflows/getWorkflowById?${qs(params)}`);
      assert.deepEqual([res.status, res.json], [status, { message }]);
    }
  });

  test('getWorkflowSchemaById returns the schema item', async () => {
    const res = await api(srv, `/workflows/getWorkflowSchemaById?${qs({ workflow_id: BIG, workflow_version: 2 })}`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json.item).sort(), [
      'created_by',
      'created_on',
      'modified_by',
      'modified_on',
      'workflow_id',
      'workflow_mock_payload',
      'workflow_schema',
      'workflow_version',
    ]);
    assert.equal(res.json.item.workflow_version, 2);
    assert.ok(
      Object.keys(res.json.item.workflow_mock_payload).every((k) => k in res.json.item.workflow_schema.properties),
    );
  });

  test('getOrganizationWorkflows pages by workflow_id then version, lastKey only while more remain', async () => {
    const first = await api(srv, '/workflows/getOrganizationWorkflows');
    assert.equal(first.json.count, 20);
    assert.deepEqual(Object.keys(first.json.lastKey).sort(), ['organization_id', 'workflow_id', 'workflow_version']);
    assert.equal(typeof first.json.lastKey.workflow_version, 'number');
    const item = first.json.items[0];
    assert.ok(!('workflow_steps' in item) && !('workflow_schema' in item) && !('workflow_connections' in item));
    assertHasFields(item, [
      'workflow_id',
      'modified_on',
      'organization_id',
      'workflow_status',
      'latest',
      'workflow_name',
      'created_by',
      'workflow_status_version',
      'modified_by',
      'workspace_id',
      'created_on',
    ]);
    const { items, requests } = await walk(srv, 'getOrganizationWorkflows', {}, (k) => ({
      workflow_id: k.workflow_id,
      workflow_version: k.workflow_version,
    }));
    assert.equal(requests, 2);
    assert.equal(items.length, SEEDED.workflowVersionCount);
    const keys = items.map((i) => [i.workflow_id, i.workflow_version]);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    assert.deepEqual(keys, sorted);
    assert.equal(new Set(items.map((i) => i.workflow_id)).size, SEEDED.workflowCount);
    assert.equal(items[0].workflow_id, BIG, 'the big workflow is first in id order');
    assert.equal(items.filter((i) => i.latest === 'true').length, SEEDED.workflowCount);
    // A version that does not exist is a position too (the next test says more).
    const past = await api(
      srv,
      `/workflows/getOrganizationWorkflows?${qs({ workflow_id: BIG, workflow_version: 42 })}`,
    );
    assert.equal(past.status, 200);
    assert.ok(past.json.items.every((i) => i.workflow_id !== BIG || i.workflow_version > 42));
    assert.equal((await api(srv, `/workflows/getOrganizationWorkflows?${qs({ workflow_id: BIG })}`)).status, 400);
  });

  test('getWorkflowExecutionById returns the full execution', async () => {
    const res = await api(srv, `/workflows/getWorkflowExecutionById?${qs(SEEDED.waitingExecution)}`);
    assert.equal(res.status, 200);
    assertHasFields(res.json.item, EXECUTION_FIELDS);
    assert.equal(res.json.item.workflow_current_state, 'wait_for_response_state');
    assert.deepEqual(Object.keys(res.json.item.workflow_details).sort(), [
      'workflow_connections',
      'workflow_name',
      'workflow_steps',
    ]);
    assert.equal(res.json.item.workflow_trigger_type, 'REQUEST');
    const missing = await api(srv, `/workflows/getWorkflowExecutionById?${qs({ workflow_id: BIG })}`);
    assert.deepEqual(missing.json, { message: 'workflow_execution_id is required' });
    const wrongWorkflow = await api(
      srv,
      `/workflows/getWorkflowExecutionById?${qs({ workflow_id: SEEDED.scheduledWorkflowId, workflow_execution_id: SEEDED.waitingExecution.workflow_execution_id })}`,
    );
    assert.equal(wrongWorkflow.status, 404);
  });

  test('walks all executions of the big workflow at limit 30 in ceil(n/30) requests', async () => {
    const n = bigWorkflowExecutionCount(360);
    assert.ok(n >= 250);
    const { items, requests } = await walk(
      srv,
      'getWorkflowExecutionHistory',
      { workflow_id: BIG, limit: '30' },
      (k) => {
        assert.deepEqual(Object.keys(k).sort(), ['workflow_execution_id', 'workflow_id']);
        return { workflow_execution_id: k.workflow_execution_id };
      },
    );
    assert.equal(items.length, n);
    assert.equal(requests, Math.ceil(n / 30));
    assert.equal(new Set(items.map((i) => i.workflow_execution_id)).size, n, 'no duplicates');
    assert.ok(items.every((i) => i.workflow_id === BIG));
    assert.ok(
      items.every((it, i) => i === 0 || items[i - 1].created_on >= it.created_on),
      'newest first',
    );
    assertHasFields(items[0], EXECUTION_LIST_FIELDS);
    assert.deepEqual(items[0].workflow_details, { workflow_name: 'Invoice Approval' });
    assert.ok(!('workflow_input_payload' in items[0]) && !('condensed_logs' in items[0]));
    const states = new Set(items.map((i) => i.workflow_current_state));
    assert.deepEqual([...states].sort(), ['completed_state', 'failed_state', 'wait_for_response_state']);
  });

  test('walks all organization executions with the workflow_id + workflow_execution_id cursor', async () => {
    const { items, requests } = await walk(srv, 'getOrganizationExecutions', { limit: '30' }, (k) => k);
    assert.equal(items.length, 360);
    assert.equal(requests, 12);
    assert.equal(new Set(items.map((i) => i.workflow_execution_id)).size, 360);
    assert.ok(new Set(items.map((i) => i.workflow_trigger_type)).has('SCHEDULE'));
    const page = await api(srv, '/workflows/getOrganizationExecutions');
    assert.equal(page.json.count, 20, 'default limit is 20');
  });

  test('limit and cursor validation', async () => {
    for (const limit of ['0', '31', 'abc', '1.5', '-1']) {
      const res = await api(srv, `/workflows/getWorkflowExecutionHistory?${qs({ workflow_id: BIG, limit })}`);
      assert.deepEqual([res.status, res.json], [400, { message: 'limit must be an integer between 1 and 30' }], limit);
    }
    assert.equal((await api(srv, '/workflows/getOrganizationExecutions?limit=0')).status, 400);
    assert.equal((await api(srv, '/workflows/getOrganizationWorkflows?limit=31')).status, 400);
    const noId = await api(srv, '/workflows/getWorkflowExecutionHistory');
    assert.deepEqual(noId.json, { message: 'workflow_id is required' });
    const badCursor = await api(
      srv,
      `/workflows/getWorkflowExecutionHistory?${qs({ workflow_id: BIG, workflow_execution_id: 'nope' })}`,
    );
    assert.deepEqual([badCursor.status, badCursor.json], [400, { message: 'Invalid pagination key' }]);
    const halfCursor = await api(srv, `/workflows/getOrganizationExecutions?${qs({ workflow_execution_id: 'x' })}`);
    assert.equal(halfCursor.status, 400);
    const mismatched = await api(
      srv,
      `/workflows/getOrganizationExecutions?${qs({ workflow_id: SEEDED.scheduledWorkflowId, workflow_execution_id: SEEDED.waitingExecution.workflow_execution_id })}`,
    );
    assert.deepEqual(mismatched.json, { message: 'Invalid pagination key' });
  });

  // Catches a workflows cursor that must name an existing version: the SDK sends back any
  // number a page's lastKey holds, as DynamoDB takes any ExclusiveStartKey as a position.
  test('the workflows cursor is a position: any number, an existing version or not', async () => {
    const all = (await walk(srv, 'getOrganizationWorkflows', { limit: '30' }, (k) => k)).items;
    const at = (id, version) =>
      api(
        srv,
        `/workflows/getOrganizationWorkflows?${qs({ limit: '30', workflow_id: id, workflow_version: version })}`,
      );
    const first = all[0];
    const after = (await at(first.workflow_id, String(first.workflow_version))).json.items;
    assert.deepEqual(after[0], all[1], 'after an existing version');
    const between = (await at(first.workflow_id, String(first.workflow_version + 0.5))).json.items;
    assert.deepEqual(between[0], all[1], 'after a version between two');
    const before = (await at(first.workflow_id, '-1.79e+308')).json.items;
    assert.deepEqual(before[0], all[0], 'before every version of the workflow');
    const bad = await at(first.workflow_id, 'v2');
    assert.deepEqual([bad.status, bad.json], [400, { message: 'Invalid pagination key' }]);
  });

  test('OPTIONS preflight is 204 with CORS headers and needs no key', async () => {
    const res = await fetch(`${srv.baseUrl}/workflows/getWorkflowById`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-api-key, content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.match(res.headers.get('access-control-allow-headers'), /^\*, x-api-key, content-type$/);
    assert.equal(res.headers.get('access-control-max-age'), '600');
    assert.equal(srv.requests.filter((r) => r.method === 'OPTIONS').length, 0, 'preflights are not API requests');
  });

  test('malformed requests never crash the server', async () => {
    const garbage = await rawSocket(srv.port, 'THIS IS NOT HTTP\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400/);
    const huge = await api(srv, `/workflows/getOrganizationWorkflows?x=${'a'.repeat(20_000)}`);
    assert.equal(huge.status, 431);
    const weirdQuery = await api(srv, '/workflows/getOrganizationWorkflows?__proto__=1&constructor=2&&=&limit=5');
    assert.equal(weirdQuery.json.count, 5);
    const bigBody = await api(srv, `/workflows/triggerworkflow/${BIG}`, {
      method: 'POST',
      body: 'x'.repeat(1_100_000),
    });
    assert.equal(bigBody.status, 413);
    assert.equal((await api(srv, '/workflows/getOrganizationWorkflows')).status, 200);
  });
});

describe('triggering, resuming and toggling (stateDelayMs: 50)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ port: 0, stateDelayMs: 50, executions: 40 });
  });
  after(() => srv.close());

  const getExecution = async (workflowId, executionId) =>
    (
      await api(
        srv,
        `/workflows/getWorkflowExecutionById?${qs({ workflow_id: workflowId, workflow_execution_id: executionId })}`,
      )
    ).json.item;

  async function watchStates(workflowId, executionId, until) {
    const seen = [];
    await waitFor(async () => {
      const { workflow_current_state: state } = await getExecution(workflowId, executionId);
      if (seen.at(-1) !== state) seen.push(state);
      return state === until;
    });
    return seen;
  }

  test('trigger -> processing -> waiting, bad source is 400, resume by process_id -> completed', async () => {
    const trigger = await api(srv, `/workflows/triggerworkflow/${BIG}`, {
      method: 'POST',
      body: { process_id: 'proc-42', amount: 10 },
    });
    assert.equal(trigger.status, 200);
    assert.equal(trigger.json.message, 'success');
    const id = trigger.json.looply_execution_id;
    assert.match(id, UUID_RE);
    const first = await getExecution(BIG, id);
    assert.equal(first.workflow_current_state, 'start_state');
    assert.equal(first.workflow_version, SEEDED.bigWorkflowVersion, 'no version = latest');
    assert.equal(first.workflow_trigger_type, 'REQUEST');
    const seen = await watchStates(BIG, id, 'wait_for_response_state');
    assert.ok(seen.includes('processing_state') || seen[0] === 'start_state', seen.join());

    const badSource = await api(srv, '/workflows/resumeworkflow/proc-42', {
      method: 'POST',
      body: { source: 'EMAIL' },
    });
    assert.deepEqual([badSource.status, badSource.json], [400, { message: 'source must be TEAMS or SAP' }]);
    const resume = await api(srv, '/workflows/resumeworkflow/proc-42', {
      method: 'POST',
      body: { source: 'TEAMS', decision: 'approved' },
    });
    assert.deepEqual([resume.status, resume.json], [200, { message: 'success', looply_execution_id: id }]);
    assert.equal((await getExecution(BIG, id)).workflow_current_state, 'resumed_state');
    await watchStates(BIG, id, 'completed_state');
    const done = await getExecution(BIG, id);
    assert.deepEqual(done.workflow_input_payload.resume, { source: 'TEAMS', decision: 'approved' });
    assert.equal(done.workflow_input_payload.amount, 10);
    assert.deepEqual(
      done.workflow_event_log.events.map((e) => e.state),
      ['start_state', 'processing_state', 'wait_for_response_state', 'resumed_state', 'completed_state'],
    );
    assert.ok(done.modified_on >= done.created_on);
    assert.ok(Object.values(done.condensed_logs).every((l) => l.status === 'SUCCEEDED'));
    const again = await api(srv, `/workflows/resumeworkflow/${id}`, { method: 'POST', body: {} });
    assert.equal(again.status, 409);
  });

  test('a workflow without a waiting step completes; a version can be given', async () => {
    const noWait = (await api(srv, '/workflows/getOrganizationWorkflows?limit=30')).json.items.find(
      (w) => w.workflow_name === 'Purchase Order Sync',
    );
    const trigger = await api(srv, `/workflows/triggerworkflow/${noWait.workflow_id}/2`, { method: 'POST' });
    assert.equal(trigger.status, 200);
    const seen = await watchStates(noWait.workflow_id, trigger.json.looply_execution_id, 'completed_state');
    assert.ok(!seen.includes('wait_for_response_state'));
    assert.equal((await getExecution(noWait.workflow_id, trigger.json.looply_execution_id)).workflow_version, 2);
  });

  test('the seeded waiting execution can be resumed by its execution id (SAP source)', async () => {
    const { workflow_id, workflow_execution_id } = SEEDED.waitingExecution;
    const res = await api(srv, `/workflows/resumeworkflow/${workflow_execution_id}`, {
      method: 'POST',
      body: { source: 'SAP' },
    });
    assert.equal(res.status, 200);
    await watchStates(workflow_id, workflow_execution_id, 'completed_state');
  });

  test('trigger and resume errors', async () => {
    const cases = [
      [`/workflows/triggerworkflow/unknown-id`, '{}', 404],
      [`/workflows/triggerworkflow/${BIG}/99`, '{}', 404],
      [`/workflows/triggerworkflow/${BIG}/abc`, '{}', 400],
      [`/workflows/triggerworkflow/${BIG}`, '{not json', 400],
      ['/workflows/resumeworkflow/unknown', '{}', 404],
      ['/workflows/resumeworkflow/x', '[1,2]', 400],
      ['/workflows/resumeworkflow/x', '{bad', 400],
    ];
    for (const [path, body, status] of cases) {
      assert.equal((await api(srv, path, { method: 'POST', body })).status, status, path);
    }
    const action = await api(srv, '/workflows/cancelworkflow/x', { method: 'POST' });
    assert.deepEqual([action.status, action.json], [400, { message: 'Unsupported action: cancelworkflow' }]);
    const encoded = await api(srv, '/workflows/triggerworkflow/a%2Fb', { method: 'POST' });
    assert.equal(encoded.status, 404, 'a%2Fb is the single workflow id "a/b"');
  });

  test('new executions go to the front and an existing cursor keeps working', async () => {
    const page1 = await api(srv, `/workflows/getWorkflowExecutionHistory?${qs({ workflow_id: BIG, limit: 5 })}`);
    const cursor = page1.json.lastKey.workflow_execution_id;
    const expected = await api(
      srv,
      `/workflows/getWorkflowExecutionHistory?${qs({ workflow_id: BIG, limit: 5, workflow_execution_id: cursor })}`,
    );
    const trigger = await api(srv, `/workflows/triggerworkflow/${BIG}`, { method: 'POST', body: [1, 2, 3] });
    const front = await api(srv, `/workflows/getWorkflowExecutionHistory?${qs({ workflow_id: BIG, limit: 1 })}`);
    assert.equal(front.json.items[0].workflow_execution_id, trigger.json.looply_execution_id);
    const orgFront = await api(srv, '/workflows/getOrganizationExecutions?limit=1');
    assert.equal(orgFront.json.items[0].workflow_execution_id, trigger.json.looply_execution_id);
    const page2 = await api(
      srv,
      `/workflows/getWorkflowExecutionHistory?${qs({ workflow_id: BIG, limit: 5, workflow_execution_id: cursor })}`,
    );
    assert.deepEqual(
      page2.json.items.map((i) => i.workflow_execution_id),
      expected.json.items.map((i) => i.workflow_execution_id),
    );
  });

  test('toggleScheduledWorkflow PAUSE and PLAY show in getWorkflowById', async () => {
    const target = { workflow_id: SEEDED.scheduledWorkflowId, workflow_version: SEEDED.scheduledWorkflowVersion };
    const read = async () => (await api(srv, `/workflows/getWorkflowById?${qs(target)}`)).json.item;
    const pause = await api(srv, '/workflows/toggleScheduledWorkflow', {
      method: 'POST',
      body: { ...target, action: 'PAUSE' },
    });
    assert.deepEqual(pause.json, { message: 'success', ...target, status: 'PAUSED' });
    let item = await read();
    assert.equal(item.workflow_status, 'PAUSED');
    assert.equal(item.workflow_schedule.paused, true);
    const play = await api(srv, '/workflows/toggleScheduledWorkflow', {
      method: 'POST',
      body: { ...target, action: 'PLAY' },
    });
    assert.equal(play.json.status, 'ACTIVE');
    item = await read();
    assert.equal(item.workflow_status, 'ACTIVE');
    assert.equal(item.workflow_schedule.paused, false);
  });

  test('toggleScheduledWorkflow validates its body', async () => {
    const good = {
      workflow_id: SEEDED.scheduledWorkflowId,
      workflow_version: SEEDED.scheduledWorkflowVersion,
      action: 'PAUSE',
    };
    const cases = [
      [{ ...good, workflow_id: undefined }, 400, /^workflow_id/],
      [{ ...good, workflow_version: '2x' }, 400, /^workflow_version/],
      [{ ...good, workflow_version: 0 }, 400, /^workflow_version/],
      [{ ...good, workflow_version: '1234567890123456' }, 400, /^workflow_version/],
      [{ ...good, workflow_version: String(SEEDED.scheduledWorkflowVersion) }, 200, /^success$/], // openapi.json: a number or its digits
      [{ ...good, workflow_version: undefined }, 400, /^workflow_version is required/],
      [{ ...good, action: 'STOP' }, 400, /^action/],
      [{ ...good, workflow_id: BIG, workflow_version: SEEDED.bigWorkflowVersion }, 400, /^Workflow is not scheduled$/],
      [{ ...good, workflow_version: 9 }, 404, /not found/],
    ];
    for (const [body, status, message] of cases) {
      const res = await api(srv, '/workflows/toggleScheduledWorkflow', { method: 'POST', body });
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match(res.json.message, message);
    }
    assert.equal((await api(srv, '/workflows/toggleScheduledWorkflow', { method: 'POST', body: '{oops' })).status, 400);
  });
});

describe('fault injection', () => {
  let srv;
  before(async () => {
    srv = await startServer({ port: 0, executions: 30 });
  });
  after(() => srv.close());
  const PATH = '/workflows/getOrganizationWorkflows?limit=1';

  test('status + body + headers replace the answer once, and the request is still logged', async () => {
    srv.reset();
    srv.inject({ status: 503, body: { message: 'Service Unavailable' }, headers: { 'retry-after': '1' } });
    const res = await api(srv, PATH);
    assert.deepEqual([res.status, res.json], [503, { message: 'Service Unavailable' }]);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.match(res.headers.get('x-amzn-requestid'), UUID_RE);
    assert.equal((await api(srv, PATH)).status, 200, 'consumed by one request');
    assert.equal(srv.requests.length, 2);
    const [logged] = srv.requests;
    assert.deepEqual(
      { ...logged, time: 0, headers: {} },
      {
        method: 'GET',
        path: '/v1/workflows/getOrganizationWorkflows',
        query: { limit: '1' },
        headers: {},
        body: '',
        time: 0,
      },
    );
    assert.equal(logged.headers['x-api-key'], '<redacted>');
    assert.ok(Math.abs(logged.time - Date.now()) < 5000);
  });

  test('delayMs delays the real answer', async () => {
    srv.inject({ delayMs: 150 });
    const started = Date.now();
    const res = await api(srv, PATH);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  test('a delayed request aborted by the client consumes the fault and the server keeps serving', async () => {
    srv.inject({ delayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(api(srv, PATH, { signal: controller.signal }), { name: 'AbortError' });
    assert.equal((await api(srv, PATH)).status, 200);
  });

  test('drop destroys the socket without a response', async () => {
    srv.inject({ drop: true });
    const res = await rawRequest(`${srv.baseUrl}/workflows/getOrganizationWorkflows`, {
      headers: { 'x-api-key': srv.apiKey },
    });
    assert.ok(res.error, 'no response');
    await assert.rejects(async () => {
      srv.inject({ drop: true });
      await api(srv, PATH);
    }, TypeError);
  });

  test('truncate sends half the body under the full content-length', async () => {
    srv.inject({ truncate: true });
    const res = await rawRequest(`${srv.baseUrl}/workflows/getOrganizationWorkflows`, {
      headers: { 'x-api-key': srv.apiKey },
    });
    assert.equal(res.status, 200);
    const length = Number(res.headers['content-length']);
    assert.ok(
      res.body.length < length && res.body.length >= Math.floor(length / 2) - 1,
      `${res.body.length}/${length}`,
    );
    assert.equal(res.broken, true);
  });

  test('bodyBytes: exactly N bytes of JSON, chunked; declaredLength: a false length, then the socket cut', async () => {
    srv.inject({ bodyBytes: 3 * 1024 * 1024 + 5 });
    const res = await rawRequest(`${srv.baseUrl}${PATH}`, { headers: { 'x-api-key': srv.apiKey } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], undefined);
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.body.length, 3 * 1024 * 1024 + 5);
    assert.deepEqual(JSON.parse(res.body), {});
    srv.inject({ declaredLength: 40_000_000 });
    const claimed = await rawRequest(`${srv.baseUrl}${PATH}`, { headers: { 'x-api-key': srv.apiKey } });
    assert.equal(claimed.headers['content-length'], '40000000');
    assert.ok(claimed.body.length > 0 && claimed.body.length < 40_000_000);
    assert.equal(claimed.broken, true);
    for (const bad of [
      { bodyBytes: 1 },
      { bodyBytes: 64 * 1024 * 1024 + 1 },
      { declaredLength: -1 },
      { declaredLength: '9' },
    ]) {
      assert.equal((await post(srv, 'faults', bad)).status, 400, JSON.stringify(bad));
    }
  });

  test('html answers 502 with an HTML page; rawBody answers with exact text', async () => {
    srv.inject([
      { html: true },
      { rawBody: 'not json at all' },
      { rawBody: '{"a":', status: 200, contentType: 'application/json' },
    ]);
    const html = await api(srv, PATH);
    assert.equal(html.status, 502);
    assert.match(html.headers.get('content-type'), /^text\/html/);
    assert.match(html.text, /<html>/);
    const raw = await api(srv, PATH);
    assert.deepEqual([raw.status, raw.text], [200, 'not json at all']);
    const badJson = await api(srv, PATH);
    assert.deepEqual([badJson.headers.get('content-type'), badJson.text], ['application/json', '{"a":']);
  });

  test('match limits a fault to matching paths; times queues copies', async () => {
    srv.inject({ match: 'getWorkflowById', status: 500, times: 2 });
    assert.equal((await api(srv, PATH)).status, 200);
    const url = `/workflows/getWorkflowById?${qs({ workflow_id: BIG, workflow_version: 1 })}`;
    assert.equal((await api(srv, url)).status, 500);
    assert.equal((await api(srv, url)).status, 500);
    assert.equal((await api(srv, url)).status, 200);
  });

  test('a 3xx with a location is answered as it is, and like every fault not to be stored', async () => {
    srv.inject({ status: 302, headers: { location: 'http://127.0.0.1:9/v1/elsewhere' } });
    const res = await rawRequest(`${srv.baseUrl}${PATH}`, { headers: { 'x-api-key': srv.apiKey } });
    assert.deepEqual([res.status, res.headers.location], [302, 'http://127.0.0.1:9/v1/elsewhere']);
    assert.equal(res.headers['cache-control'], 'no-store', 'a browser would replay a cached redirect');
    assert.deepEqual(JSON.parse(res.body), { message: 'Found' });
  });

  test('gzipBomb: a small gzip body with its own content-length, over 32 MiB inflated (N times with N members)', async () => {
    srv.inject({ gzipBomb: true });
    const res = await rawRequest(`${srv.baseUrl}${PATH}`, { headers: { 'x-api-key': srv.apiKey } });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    assert.equal(Number(res.headers['content-length']), res.body.length);
    assert.ok(res.body.length < 100_000, `${res.body.length} bytes on the wire`);
    assert.equal(gunzipSync(res.body).length, GZIP_BOMB_BYTES);
    assert.ok(GZIP_BOMB_BYTES > 32 * 1024 * 1024);
    assert.equal((await api(srv, PATH)).status, 200, 'consumed once');
    srv.inject({ gzipBomb: 3 });
    const three = await rawRequest(`${srv.baseUrl}${PATH}`, { headers: { 'x-api-key': srv.apiKey } });
    assert.equal(three.body.length, 3 * res.body.length);
    assert.equal(gunzipSync(three.body).length, 3 * GZIP_BOMB_BYTES, 'three members');
    assert.equal((await post(srv, 'faults', { gzipBomb: 65 })).status, 400);
  });

  test('echoKey: a 403 whose body, www-authenticate and request id repeat the key received', async () => {
    srv.inject({ echoKey: true });
    const res = await api(srv, PATH, { key: 'sk-echo-me' });
    assert.equal(res.status, 403);
    assert.equal(res.json.message, 'Forbidden: key sk-echo-me is not valid');
    assert.deepEqual(res.json.detail, { 'sk-echo-me': ['sk-echo-me'] });
    assert.match(res.headers.get('www-authenticate'), /key="sk-echo-me"/);
    assert.equal(res.headers.get('x-amzn-requestid'), 'req-sk-echo-me');
    assert.equal((await post(srv, 'faults', { echoKey: 'yes' })).status, 400);
  });

  test('other-origin: a second listener that counts what it receives, reset by reset, closed with the server', async () => {
    const own = await startServer({ port: 0, executions: 1 });
    const state = async () => (await fetch(`${own.url}/__control/other-origin`)).json();
    assert.deepEqual(await state(), { url: null, count: 0 }, 'not started by a GET');
    const started = await (await post(own, 'other-origin')).json();
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(started.url, own.url);
    assert.equal(started.count, 0);
    assert.equal((await fetch(`${started.url}/v1/anything`, { method: 'POST', body: 'x' })).status, 200);
    assert.equal((await fetch(`${started.url}/x`, { method: 'OPTIONS' })).status, 204);
    assert.deepEqual(
      await (await post(own, 'other-origin')).json(),
      { url: started.url, count: 2 },
      'the same listener',
    );
    await post(own, 'reset');
    assert.equal((await state()).count, 0);
    await own.close();
    await assert.rejects(fetch(started.url), TypeError);
  });

  test('control endpoints: faults, requests, reset (no key needed)', async () => {
    const post = (p, body) => fetch(`${srv.url}/__control/${p}`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post('reset')).status, 200);
    assert.equal(srv.requests.length, 0);
    const queued = await (
      await post('faults', [{ status: 429, headers: { 'retry-after-ms': '10' } }, { status: 500 }])
    ).json();
    assert.deepEqual(queued, { message: 'success', queued: 2 });
    assert.equal((await fetch(`${srv.url}/__control/faults`).then((r) => r.json())).length, 2);
    const r1 = await api(srv, PATH);
    assert.deepEqual(
      [r1.status, r1.headers.get('retry-after-ms'), r1.json],
      [429, '10', { message: 'Too Many Requests' }],
    );
    assert.equal((await api(srv, PATH)).status, 500);
    const requests = await fetch(`${srv.url}/__control/requests`).then((r) => r.json());
    assert.equal(requests.length, 2);
    assert.equal(requests[0].headers['x-api-key'], '<redacted>');
    assert.equal((await post('faults', { status: 42 })).status, 400);
    assert.equal((await post('faults', { headers: { 'bad header': 'x' } })).status, 400);
    assert.equal((await post('faults', 'nope')).status, 400);
    assert.throws(() => srv.inject({ delayMs: -1 }), /delayMs/);
    srv.inject({ status: 500 });
    await post('reset');
    assert.equal((await api(srv, PATH)).status, 200, 'reset cleared the fault');
    assert.equal((await fetch(`${srv.url}/__control/nope`)).status, 404);
    const info = await fetch(`${srv.url}/__control/info`).then((r) => r.json());
    assert.equal(info.baseUrl, srv.baseUrl);
  });
});

describe('static files', () => {
  let srv;
  let dir;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'looply-static-'));
    await mkdir(path.join(dir, 'www', 'sub'), { recursive: true });
    await mkdir(path.join(dir, 'pkg'));
    await writeFile(path.join(dir, 'www', 'index.html'), '<h1>demo</h1>');
    await writeFile(path.join(dir, 'www', 'sub', 'index.html'), 'sub');
    await writeFile(path.join(dir, 'www', 'app.mjs'), 'export {};');
    await writeFile(path.join(dir, 'pkg', 'looply_bg.wasm'), Buffer.from([0, 97, 115, 109]));
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    srv = await startServer({
      port: 0,
      executions: 5,
      static: [
        { prefix: '/', dir: path.join(dir, 'www') },
        { prefix: '/pkg/', dir: path.join(dir, 'pkg') },
      ],
    });
  });
  after(async () => {
    await srv.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('serves files with content types and no-store, without a key', async () => {
    const index = await fetch(`${srv.url}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('cache-control'), 'no-store');
    assert.equal(await index.text(), '<h1>demo</h1>');
    assert.equal(await (await fetch(`${srv.url}/sub/`)).text(), 'sub');
    assert.match((await fetch(`${srv.url}/app.mjs`)).headers.get('content-type'), /^text\/javascript/);
    const wasm = await fetch(`${srv.url}/pkg/looply_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.deepEqual([...new Uint8Array(await wasm.arrayBuffer())], [0, 97, 115, 109]);
    assert.equal(srv.requests.length, 0, 'static requests are not API requests');
  });

  test('no traversal outside the dir, 404 for missing files, API routes win', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/pkg/..%2f..%2fsecret.txt', '/missing.js', '/pkg/%00']) {
      const res = await rawRequest(`${srv.url}${p}`);
      assert.equal(res.status, 404, p);
    }
    assert.equal((await fetch(`${srv.url}/%ZZ`)).status, 400);
    assert.equal((await fetch(`${srv.url}/`, { method: 'POST' })).status, 405);
    assert.equal((await api(srv, '/workflows/getOrganizationWorkflows')).status, 200);
    assert.equal((await fetch(`${srv.url}/__control/requests`)).status, 200);
  });
});

describe('persistence, determinism and shutdown', () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'looply-data-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('seeded data is deterministic and SEEDED holds for any execution count', async () => {
    assert.equal(JSON.stringify(seedData({ executions: 50 })), JSON.stringify(seedData({ executions: 50 })));
    const small = await startServer({ port: 0, executions: 3 });
    try {
      const res = await api(small, `/workflows/getWorkflowExecutionById?${qs(SEEDED.waitingExecution)}`);
      assert.equal(res.json.item.workflow_current_state, 'wait_for_response_state');
      assert.equal((await api(small, '/workflows/getOrganizationExecutions')).json.count, 3);
    } finally {
      await small.close();
    }
  });

  test('state round-trips through dataFile', async () => {
    const dataFile = path.join(dir, 'state', 'data.json');
    const first = await startServer({ port: 0, executions: 20, dataFile, stateDelayMs: 20 });
    const trigger = await api(first, `/workflows/triggerworkflow/${BIG}`, {
      method: 'POST',
      body: { process_id: 'keep-me' },
    });
    const id = trigger.json.looply_execution_id;
    const target = { workflow_id: SEEDED.scheduledWorkflowId, workflow_version: SEEDED.scheduledWorkflowVersion };
    await api(first, '/workflows/toggleScheduledWorkflow', { method: 'POST', body: { ...target, action: 'PAUSE' } });
    await waitFor(async () => (await readFile(dataFile, 'utf8').catch(() => '')).includes(id), { timeoutMs: 2000 });
    await first.close();

    const second = await startServer({ port: 0, executions: 999, dataFile, stateDelayMs: 20 });
    try {
      assert.equal(
        (await api(second, '/workflows/getOrganizationExecutions?limit=30')).json.items[0].workflow_execution_id,
        id,
      );
      const paused = await api(second, `/workflows/getWorkflowById?${qs(target)}`);
      assert.equal(paused.json.item.workflow_status, 'PAUSED');
      await waitFor(
        async () =>
          (
            await api(
              second,
              `/workflows/getWorkflowExecutionById?${qs({ workflow_id: BIG, workflow_execution_id: id })}`,
            )
          ).json.item.workflow_current_state === 'wait_for_response_state',
      );
      assert.equal(
        (await api(second, '/workflows/resumeworkflow/keep-me', { method: 'POST', body: { source: 'TEAMS' } })).status,
        200,
        'alias survived',
      );
    } finally {
      await second.close();
    }
    const saved = JSON.parse(await readFile(dataFile, 'utf8'));
    assert.equal(saved.executions.length, 21);
  });

  test('a corrupt dataFile falls back to seeded data', async () => {
    const dataFile = path.join(dir, 'corrupt.json');
    await writeFile(dataFile, '{"not": "state"');
    const srv = await startServer({ port: 0, executions: 7, dataFile });
    try {
      assert.equal((await api(srv, '/workflows/getOrganizationExecutions?limit=30')).json.count, 7);
    } finally {
      await srv.close();
    }
    assert.equal(JSON.parse(await readFile(dataFile, 'utf8')).executions.length, 7);
  });

  test('close() stops listening and leaves nothing that keeps a process alive', async () => {
    const script = `
      import { startServer } from ${JSON.stringify(SERVER_FILE)};
      const srv = await startServer({ port: 0, stateDelayMs: 60000, executions: 10 });
      const h = { 'x-api-key': srv.apiKey };
      await fetch(srv.baseUrl + '/workflows/triggerworkflow/${BIG}', { method: 'POST', headers: h });
      srv.inject({ delayMs: 60000 });
      const pending = fetch(srv.baseUrl + '/workflows/getOrganizationWorkflows', { headers: h }).catch(() => 'aborted');
      await new Promise((r) => setTimeout(r, 50));
      await srv.close();
      console.log(await pending);
      await fetch(srv.url).then(() => console.log('still listening'), () => console.log('closed'));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    const started = Date.now();
    const killer = setTimeout(() => child.kill(), 8000);
    const [code] = await once(child, 'exit');
    clearTimeout(killer);
    assert.equal(code, 0, 'exited by itself');
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(out.trim().split('\n'), ['aborted', 'closed']);
  });

  test('close() in-process resolves and is idempotent', async () => {
    const srv = await startServer({ port: 0, executions: 5 });
    await Promise.all([srv.close(), srv.close()]);
    await assert.rejects(fetch(srv.url));
  });

  test('startServer rejects bad options', async () => {
    await assert.rejects(startServer({ host: '0.0.0.0' }), /127\.0\.0\.1/);
    await assert.rejects(startServer({ executions: -1 }), /executions/);
  });
});

describe('CLI', () => {
  function runCli(args, { cwd } = {}) {
    const child = spawn(process.execPath, [SERVER_FILE, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (c) => {
      output.stdout += c;
    });
    child.stderr.on('data', (c) => {
      output.stderr += c;
    });
    const line = () => waitFor(() => output.stdout.includes('\n') && output.stdout, { timeoutMs: 5000 });
    return { child, output, line };
  }

  test('prints the listening line, serves, saves data and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'looply-cli-'));
    await mkdir(path.join(dir, 'www'));
    await writeFile(path.join(dir, 'www', 'index.html'), 'hello');
    const { child, output, line } = runCli(
      ['--port', '0', '--data', '.demo-data.json', '--static', '/=www', '--executions', '12', '--ttl-seconds', '20'],
      { cwd: dir },
    );
    try {
      const text = await line();
      const match =
        /^Looply local server listening on (http:\/\/127\.0\.0\.1:\d+) \(baseUrl (\S+), api key looply-demo-key\)\n/.exec(
          text,
        );
      assert.ok(match, text);
      assert.equal(match[2], `${match[1]}/v1`);
      assert.equal(await (await fetch(`${match[1]}/`)).text(), 'hello');
      const page = await api(
        { baseUrl: match[2], apiKey: 'looply-demo-key' },
        '/workflows/getOrganizationExecutions?limit=30',
      );
      assert.equal(page.json.count, 12);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, output.stderr);
      assert.equal(JSON.parse(await readFile(path.join(dir, '.demo-data.json'), 'utf8')).executions.length, 12);
    } finally {
      child.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--exit-on-stdin-end and --ttl-seconds stop the server', async () => {
    const stdinRun = runCli(['--port', '0', '--exit-on-stdin-end', '--executions', '5']);
    await stdinRun.line();
    stdinRun.child.stdin.end();
    assert.equal((await once(stdinRun.child, 'exit'))[0], 0);
    const ttlRun = runCli(['--port', '0', '--ttl-seconds', '1', '--executions', '5']);
    await ttlRun.line();
    assert.equal((await once(ttlRun.child, 'exit'))[0], 0);
  });

  test('bad flags exit 2 with usage', async () => {
    const { child, output } = runCli(['--port', 'abc']);
    assert.equal((await once(child, 'exit'))[0], 2);
    assert.match(output.stderr, /Usage:/);
  });
});
