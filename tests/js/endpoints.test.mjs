// Every endpoint of looply-sdk against the local Looply server, for the ESM and the CJS
// build: response shapes, the requests the server saw, execution lifecycles, pagination.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILDS,
  SEEDED,
  startServer,
  bigWorkflowExecutionCount,
  clientFor,
  rejectionOf,
  pollUntil,
  assertShape,
  assertPage,
  WORKFLOW_SUMMARY,
  WORKFLOW,
  WORKFLOW_SCHEMA,
  EXECUTION_SUMMARY,
  EXECUTION,
} from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId;
const BIG_VERSION = SEEDED.bigWorkflowVersion;
const SCHEDULED = SEEDED.scheduledWorkflowId;
const SCHEDULED_VERSION = SEEDED.scheduledWorkflowVersion;
const WAITING = SEEDED.waitingExecution;
const EXECUTIONS_KEY = { workflow_id: 'string', workflow_execution_id: 'string' };
const WORKFLOWS_KEY = { organization_id: 'string', workflow_id: 'string', workflow_version: 'integer' };

/** Asserts the one request `srv` logged: method, path, query; JSON content type on POSTs only; a key. */
function assertOneRequest(srv, { method, path, query = {} }) {
  assert.equal(srv.requests.length, 1, `requests: ${JSON.stringify(srv.requests.map((r) => r.path))}`);
  const [req] = srv.requests;
  assert.equal(req.method, method);
  assert.equal(req.path, path);
  assert.deepEqual({ ...req.query }, query);
  assert.equal(req.headers['x-api-key'], '<redacted>');
  if (method === 'POST') {
    assert.equal(req.headers['content-type'], 'application/json');
  } else {
    assert.equal(req.headers['content-type'], undefined);
    assert.equal(req.body, '');
  }
  return req;
}

for (const [build, sdk] of BUILDS) {
  describe(`endpoints (${build} build)`, () => {
    let srv;
    let client;
    let bigTriggers = 0; // executions this suite added to the big workflow

    before(async () => {
      srv = await startServer({ stateDelayMs: 50 });
      client = clientFor(sdk, srv, { maxRetries: 0 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    test('getOrganizationWorkflows: a page of workflow summaries, with undocumented fields kept', async () => {
      const page = await client.getOrganizationWorkflows({ limit: 5 });
      assertPage(page, WORKFLOW_SUMMARY, WORKFLOWS_KEY);
      assert.equal(page.count, 5);
      assert.ok(page.lastKey);
      // workflow_version is not in the document's example but the service sends it: kept.
      page.items.forEach((item) => assert.ok(Number.isInteger(item.workflow_version)));
      assertOneRequest(srv, { method: 'GET', path: '/v1/workflows/getOrganizationWorkflows', query: { limit: '5' } });
    });

    test('getOrganizationWorkflows: no params, then the next page through lastKey', async () => {
      const first = await client.getOrganizationWorkflows();
      assertPage(first, WORKFLOW_SUMMARY, WORKFLOWS_KEY);
      assert.equal(first.count, 20); // the service's default
      const second = await client.getOrganizationWorkflows({
        workflow_id: first.lastKey.workflow_id,
        workflow_version: first.lastKey.workflow_version,
      });
      assertPage(second, WORKFLOW_SUMMARY, WORKFLOWS_KEY);
      assert.equal(first.count + second.count, SEEDED.workflowVersionCount);
      assert.equal(second.lastKey, undefined);
      assert.deepEqual(
        srv.requests.map((r) => ({ ...r.query })),
        [{}, { workflow_id: first.lastKey.workflow_id, workflow_version: String(first.lastKey.workflow_version) }],
      );
    });

    test('getWorkflowById: the full workflow, keeping workflow_schedule (not in the document)', async () => {
      const res = await client.getWorkflowById({ workflow_id: SCHEDULED, workflow_version: SCHEDULED_VERSION });
      assertShape(res, { message: 'string', item: 'object' });
      assertShape(res.item, WORKFLOW, 'item');
      assert.equal(res.item.workflow_id, SCHEDULED);
      assert.equal(res.item.workflow_version, SCHEDULED_VERSION);
      assert.deepEqual(res.item.workflow_schedule, { cron: '0 2 * * *', timezone: 'Europe/Berlin', paused: false });
      assertOneRequest(srv, {
        method: 'GET',
        path: '/v1/workflows/getWorkflowById',
        query: { workflow_id: SCHEDULED, workflow_version: String(SCHEDULED_VERSION) },
      });
    });

    test('getWorkflowSchemaById: schema and mock payload; a digit-string version', async () => {
      const res = await client.getWorkflowSchemaById({ workflow_id: BIG, workflow_version: String(BIG_VERSION) });
      assertShape(res, { message: 'string', item: 'object' });
      assertShape(res.item, WORKFLOW_SCHEMA, 'item');
      assert.equal(res.item.workflow_id, BIG);
      assertOneRequest(srv, {
        method: 'GET',
        path: '/v1/workflows/getWorkflowSchemaById',
        query: { workflow_id: BIG, workflow_version: String(BIG_VERSION) },
      });
    });

    test('getWorkflowExecutionById: the seeded waiting execution', async () => {
      const res = await client.getWorkflowExecutionById(WAITING);
      assertShape(res, { message: 'string', item: 'object' });
      assertShape(res.item, EXECUTION, 'item');
      assert.equal(res.item.workflow_execution_id, WAITING.workflow_execution_id);
      assert.equal(res.item.workflow_current_state, 'wait_for_response_state');
      assertOneRequest(srv, { method: 'GET', path: '/v1/workflows/getWorkflowExecutionById', query: { ...WAITING } });
    });

    test('getOrganizationExecutions: a page, then the next one with both cursor fields', async () => {
      const first = await client.getOrganizationExecutions({ limit: 3 });
      assertPage(first, EXECUTION_SUMMARY, EXECUTIONS_KEY);
      assert.equal(first.count, 3);
      const second = await client.getOrganizationExecutions({ limit: 3, ...first.lastKey });
      assertPage(second, EXECUTION_SUMMARY, EXECUTIONS_KEY);
      const ids = [...first.items, ...second.items].map((e) => e.workflow_execution_id);
      assert.equal(new Set(ids).size, 6);
      assert.deepEqual(
        srv.requests.map((r) => ({ ...r.query })),
        [{ limit: '3' }, { limit: '3', ...first.lastKey }],
      );
      srv.requests.forEach((r) => assert.equal(r.path, '/v1/workflows/getOrganizationExecutions'));
    });

    test('getWorkflowExecutionHistory: paging by hand with lastKey at limit 30', async () => {
      const expected = bigWorkflowExecutionCount(360) + bigTriggers;
      const items = [];
      let cursor;
      for (;;) {
        const page = await client.getWorkflowExecutionHistory({
          workflow_id: BIG,
          limit: 30,
          workflow_execution_id: cursor,
        });
        assertPage(page, EXECUTION_SUMMARY, EXECUTIONS_KEY);
        items.push(...page.items);
        if (!page.lastKey) break;
        assert.equal(page.count, 30);
        cursor = page.lastKey.workflow_execution_id;
      }
      assert.equal(items.length, expected);
      assert.equal(new Set(items.map((e) => e.workflow_execution_id)).size, expected);
      items.forEach((e) => assert.equal(e.workflow_id, BIG));
      for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].created_on >= items[i].created_on, 'newest first');
      assert.equal(srv.requests.length, Math.ceil(expected / 30));
      srv.requests.forEach((r, i) => {
        assert.equal(r.path, '/v1/workflows/getWorkflowExecutionHistory');
        assert.equal(r.query.limit, '30');
        assert.equal(r.query.workflow_id, BIG);
        assert.equal(r.query.workflow_execution_id, i === 0 ? undefined : items[i * 30 - 1].workflow_execution_id);
      });
    });

    test('triggerWorkflow: the new execution is first in its history and moves on', async () => {
      const payload = { invoice_number: 'INV-T-1', amount: 12.5, nested: { list: [1, 'two', null] } };
      const res = await client.triggerWorkflow({ workflow_id: BIG, workflow_version: BIG_VERSION, payload });
      bigTriggers++;
      assertShape(res, { message: 'string', looply_execution_id: 'string' });
      assert.equal(res.message, 'success');
      const req = assertOneRequest(srv, {
        method: 'POST',
        path: `/v1/workflows/triggerworkflow/${BIG}/${BIG_VERSION}`,
      });
      assert.deepEqual(JSON.parse(req.body), payload);

      const history = await client.getWorkflowExecutionHistory({ workflow_id: BIG, limit: 1 });
      assert.equal(history.items[0].workflow_execution_id, res.looply_execution_id);
      const ids = { workflow_id: BIG, workflow_execution_id: res.looply_execution_id };
      const done = await pollUntil(
        () => client.getWorkflowExecutionById(ids),
        (r) => r.item.workflow_current_state === 'wait_for_response_state',
      );
      assertShape(done.item, EXECUTION, 'item');
      assert.equal(done.item.workflow_trigger_type, 'REQUEST');
      assert.deepEqual(done.item.workflow_input_payload, payload);
    });

    test('triggerWorkflow without a version and a process_id alias; runWorkflowAction resumes it', async () => {
      const alias = `order-${build}-${Date.now()}`;
      const res = await client.triggerWorkflow({ workflow_id: BIG, payload: { process_id: alias } });
      bigTriggers++;
      const req = assertOneRequest(srv, { method: 'POST', path: `/v1/workflows/triggerworkflow/${BIG}` });
      assert.deepEqual(JSON.parse(req.body), { process_id: alias });
      const ids = { workflow_id: BIG, workflow_execution_id: res.looply_execution_id };
      await pollUntil(
        () => client.getWorkflowExecutionById(ids),
        (r) => r.item.workflow_current_state === 'wait_for_response_state',
      );

      srv.reset();
      const resumed = await client.runWorkflowAction({
        action: 'resumeworkflow',
        process_id: alias,
        payload: { source: 'SAP', approved: true },
      });
      assertShape(resumed, { message: 'string' });
      assert.equal(resumed.message, 'success');
      const post = assertOneRequest(srv, { method: 'POST', path: `/v1/workflows/resumeworkflow/${alias}` });
      assert.deepEqual(JSON.parse(post.body), { source: 'SAP', approved: true });
      const final = await pollUntil(
        () => client.getWorkflowExecutionById(ids),
        (r) => r.item.workflow_current_state === 'completed_state',
      );
      assert.deepEqual(final.item.workflow_input_payload.resume, { source: 'SAP', approved: true });
    });

    test('resumeWorkflow: the seeded waiting execution with TEAMS, then 409 on a second resume', async () => {
      const res = await client.resumeWorkflow({
        process_id: WAITING.workflow_execution_id,
        payload: { source: 'TEAMS', note: 'ok' },
      });
      assertShape(res, { message: 'string' });
      assert.equal(res.message, 'success');
      const req = assertOneRequest(srv, {
        method: 'POST',
        path: `/v1/workflows/resumeworkflow/${WAITING.workflow_execution_id}`,
      });
      assert.deepEqual(JSON.parse(req.body), { source: 'TEAMS', note: 'ok' });
      const now = await client.getWorkflowExecutionById(WAITING);
      assert.notEqual(now.item.workflow_current_state, 'wait_for_response_state');

      const err = await rejectionOf(
        client.resumeWorkflow({ process_id: WAITING.workflow_execution_id, payload: { source: 'TEAMS' } }),
      );
      assert.ok(err instanceof sdk.ConflictError, `got ${err?.name}: ${err?.message}`);
      assert.equal(err.status, 409);
      await pollUntil(
        () => client.getWorkflowExecutionById(WAITING),
        (r) => r.item.workflow_current_state === 'completed_state',
      );
    });

    test('resumeWorkflow without a payload sends {}', async () => {
      const err = await rejectionOf(client.resumeWorkflow({ process_id: 'no-such-process' }));
      assert.ok(err instanceof sdk.NotFoundError);
      const req = assertOneRequest(srv, { method: 'POST', path: '/v1/workflows/resumeworkflow/no-such-process' });
      assert.equal(req.body, '{}');
    });

    test('toggleScheduledWorkflow: PAUSE then PLAY, seen in getWorkflowById', async () => {
      const ids = { workflow_id: SCHEDULED, workflow_version: SCHEDULED_VERSION };
      const paused = await client.toggleScheduledWorkflow({ ...ids, action: 'PAUSE' });
      assertShape(paused, { message: 'string', workflow_id: 'string', workflow_version: 'integer', status: 'string' });
      assert.deepEqual({ ...paused }, { message: 'success', ...ids, status: 'PAUSED' });
      const req = assertOneRequest(srv, { method: 'POST', path: '/v1/workflows/toggleScheduledWorkflow' });
      assert.deepEqual(JSON.parse(req.body), { ...ids, action: 'PAUSE' });
      let wf = await client.getWorkflowById(ids);
      assert.equal(wf.item.workflow_status, 'PAUSED');
      assert.equal(wf.item.workflow_schedule.paused, true);

      // A digit-string version is sent as a JSON number.
      srv.reset();
      const played = await client.toggleScheduledWorkflow({
        ...ids,
        workflow_version: String(SCHEDULED_VERSION),
        action: 'PLAY',
      });
      assert.equal(played.status, 'ACTIVE');
      assert.deepEqual(JSON.parse(srv.requests[0].body), { ...ids, action: 'PLAY' });
      wf = await client.getWorkflowById(ids);
      assert.equal(wf.item.workflow_status, 'ACTIVE');
      assert.equal(wf.item.workflow_schedule.paused, false);
    });

    test('path parameters are encoded as one segment: a/b?c', async () => {
      const err = await rejectionOf(client.triggerWorkflow({ workflow_id: 'a/b?c' }));
      assert.ok(err instanceof sdk.NotFoundError, `got ${err?.name}`);
      assert.equal(err.status, 404);
      assertOneRequest(srv, { method: 'POST', path: '/v1/workflows/triggerworkflow/a%2Fb%3Fc' });

      srv.reset();
      const err2 = await rejectionOf(client.resumeWorkflow({ process_id: 'a/b?c' }));
      assert.ok(err2 instanceof sdk.NotFoundError);
      assertOneRequest(srv, { method: 'POST', path: '/v1/workflows/resumeworkflow/a%2Fb%3Fc' });
    });

    test('query values are encoded: a/b?c&x=1 arrives intact', async () => {
      const id = 'a/b?c&x=1 #é';
      const err = await rejectionOf(client.getWorkflowById({ workflow_id: id, workflow_version: 1 }));
      assert.ok(err instanceof sdk.NotFoundError);
      assertOneRequest(srv, {
        method: 'GET',
        path: '/v1/workflows/getWorkflowById',
        query: { workflow_id: id, workflow_version: '1' },
      });
    });
  });
}
