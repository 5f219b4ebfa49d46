// The local server against the OpenAPI document the SDK generates and ships (openapi.json):
// every documented operation and parameter answers, nothing undocumented does, and the
// request checker the SDK's own tests run on every request finds what does not conform.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer, SEEDED } from '../looply-server.mjs';
import { api } from '../test-support/api.mjs';
import { requestChecker } from '../openapi.mjs';
import Ajv2020 from 'ajv/dist/2020.js';

const SPEC = createRequire(import.meta.url)('../../build/consumer/node_modules/looply-sdk/openapi.json');
const operations = Object.entries(SPEC.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);
// The SDK's endpoints (its registry, src/api.rs), as the package declares them: the methods
// that answer an APIPromise (tests/js/host.test.mjs checks they are the client's methods).
const DTS = readFileSync(new URL('../../build/consumer/node_modules/looply-sdk/index.d.ts', import.meta.url), 'utf8');
// (A method may be generic: `triggerWorkflow<Id extends string>(params: TriggerWorkflowParams<Id>, …)`.)
const ENDPOINTS = [
  ...DTS.matchAll(/^ {2}(\w+)(?:<[^>]*>)?\(params\??: [\w<>]+, options\?: RequestOptions\): APIPromise</gm),
].map((m) => m[1]);

let srv;
let valid; // a valid value for every parameter name, from the seeded data
before(async () => {
  srv = await startServer({ port: 0, stateDelayMs: 60_000 });
  const history = await call(
    'GET',
    `/workflows/getWorkflowExecutionHistory?workflow_id=${SEEDED.bigWorkflowId}&limit=1`,
  );
  valid = {
    workflow_id: SEEDED.bigWorkflowId,
    workflow_version: String(SEEDED.bigWorkflowVersion),
    workflow_execution_id: history.json.items[0].workflow_execution_id,
    process_id: SEEDED.waitingExecution.workflow_execution_id,
    action: 'resumeworkflow',
    limit: '2',
  };
});
after(() => srv.close());

/** One API call with the server's key and a JSON content type. */
const call = (method, path, body) => api(srv, path, { method, body, headers: { 'content-type': 'application/json' } });

/** The operation's URL with valid values for its path parameters and the given query. */
function urlOf({ path }, query = {}) {
  const filled = path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(valid[name]));
  const qs = new URLSearchParams(query).toString();
  return qs ? `${filled}?${qs}` : filled;
}

/** A body that its schema accepts, from the valid values. */
function bodyOf({ op }) {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema) return undefined;
  if (!schema.properties || !schema.required?.length) return '{}';
  const fields = Object.fromEntries(
    schema.required.map((name) => {
      const s = schema.properties[name];
      if (s.enum) return [name, s.enum[0]];
      if ([s.type].flat().includes('integer')) return [name, SEEDED.scheduledWorkflowVersion];
      return [name, name === 'workflow_id' ? SEEDED.scheduledWorkflowId : valid[name]];
    }),
  );
  return JSON.stringify(fields);
}

const requiredQuery = (op) =>
  Object.fromEntries(
    (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => [p.name, valid[p.name]]),
  );

describe('the local server against openapi.json', () => {
  // Catches an endpoint the document leaves out or lists twice, or an operation of no endpoint.
  test("the document covers the SDK's endpoints (and the optional version of trigger, and any action)", () => {
    const ids = operations.map((o) => o.op.operationId).sort();
    assert.equal(new Set(ids).size, ids.length, ids.join());
    assert.deepEqual(
      ids.filter((id) => ENDPOINTS.includes(id)),
      [...ENDPOINTS].sort(),
    );
    // Any other operation is an endpoint's with its optional last path parameter.
    for (const o of operations.filter((x) => !ENDPOINTS.includes(x.op.operationId))) {
      const short = o.path.replace(/\/\{\w+\}$/, '');
      const base = operations.find((x) => x.path === short && x.method === o.method);
      assert.ok(base && o.op.operationId.startsWith(`${base.op.operationId}With`), o.op.operationId);
    }
    assert.ok(ids.includes('getWorkflowSchemaById') && ids.includes('runWorkflowAction'));
    assert.ok(ids.includes('triggerWorkflowWithVersion'));
    assert.equal(SPEC.openapi, '3.1.0');
  });

  // Catches a documented route the server lacks or answers with a route-level error.
  test('every documented operation answers 2xx with valid parameters', async () => {
    for (const o of operations) {
      const res = await call(o.method, urlOf(o, requiredQuery(o.op)), bodyOf(o));
      // The two ways to resume reach one seeded execution: the second finds it resumed.
      const resumedAlready = res.status === 409 && /not waiting/.test(res.text) && o.path.endsWith('{process_id}');
      assert.ok(
        (res.status >= 200 && res.status < 300) || resumedAlready,
        `${o.method} ${o.path} -> ${res.status} ${res.text}`,
      );
    }
  });

  // Catches a documented query parameter the server ignores or refuses.
  test('every documented query parameter is honoured with a valid value and refused with an invalid one', async () => {
    const page = await call('GET', `/workflows/getOrganizationExecutions?limit=1`);
    const key = page.json.lastKey;
    const wfPage = await call('GET', `/workflows/getOrganizationWorkflows?limit=1`);
    const cursors = {
      getOrganizationExecutions: key,
      getWorkflowExecutionHistory: { workflow_execution_id: valid.workflow_execution_id },
      getOrganizationWorkflows: {
        workflow_id: wfPage.json.lastKey.workflow_id,
        workflow_version: String(wfPage.json.lastKey.workflow_version),
      },
    };
    for (const o of operations.filter((x) => x.method === 'GET')) {
      const query = { ...requiredQuery(o.op), ...(cursors[o.op.operationId] ?? {}) };
      for (const p of o.op.parameters.filter((q) => q.in === 'query')) {
        const withIt = { ...query, [p.name]: query[p.name] ?? valid[p.name] };
        const ok = await call('GET', urlOf(o, withIt));
        assert.equal(ok.status, 200, `${o.path} ${p.name}=${withIt[p.name]}: ${ok.text}`);
        // Outside the schema: below an integer's minimum, an empty key, an id's dot segment.
        const bad = p.schema.type === 'integer' ? '0' : p.schema.minLength === 1 && !p.schema.maxLength ? '' : '..';
        const refused = await call('GET', urlOf(o, { ...withIt, [p.name]: bad }));
        assert.ok([400, 404].includes(refused.status), `${o.path} ${p.name}=${JSON.stringify(bad)}: ${refused.status}`);
      }
    }
  });

  // Catches a route the server serves that the document (so the SDK) does not know.
  test('nothing undocumented answers: unknown paths are 404, other methods 405', async () => {
    for (const path of [
      '/workflows/getEverything',
      '/workflows',
      '/workflows/a/b/c',
      '/workflows/triggerworkflow/w/1/x',
    ]) {
      assert.equal((await call('GET', path)).status, 404, path);
    }
    for (const o of operations) {
      const other = o.method === 'GET' ? 'POST' : 'GET';
      const res = await call(other, urlOf(o, requiredQuery(o.op)), other === 'POST' ? '{}' : undefined);
      assert.equal(res.status, 405, `${other} ${o.path}`);
    }
  });
});

/**
 * The document's schemas made strict: an object schema that lists its fields and says
 * nothing of others refuses others, so that a field the server sends and the types leave
 * out is found (the open ones, `additionalProperties: {}`, stay open).
 */
function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, strict(s)])) : strict(v),
    ]),
  );
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

describe("the local server's answers against openapi.json", () => {
  let srv2;
  let validate; // operationId → the strict validator of its 200 answer
  before(async () => {
    srv2 = await startServer({ port: 0, stateDelayMs: 0 });
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const doc = strict({ components: SPEC.components });
    ajv.addSchema({ $id: 'doc', ...doc });
    validate = (id, value) => {
      const op = operations.find((o) => o.op.operationId === id).op;
      const schema = op.responses['200'].content['application/json'].schema;
      const ref = JSON.stringify(schema).replaceAll('"#/components', '"doc#/components');
      const check = ajv.compile(strict(JSON.parse(ref)));
      assert.ok(check(value), `${id}: ${ajv.errorsText(check.errors, { separator: '\n' })}`);
    };
  });
  after(() => srv2.close());
  const get = async (path) => (await api(srv2, path)).json;

  /** Every page of a list, each checked; returns the items. */
  async function walk(id, path) {
    const items = [];
    let key;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await get(`${path}${sep}limit=30${key ? `&${new URLSearchParams(key)}` : ''}`);
      validate(id, page);
      items.push(...page.items);
      key = page.lastKey && Object.fromEntries(Object.entries(page.lastKey).filter(([k]) => k !== 'organization_id'));
    } while (key);
    return items;
  }

  // Catches a field the server sends that neither the document nor the .d.ts describes, or
  // one they promise that it leaves out: every workflow version, every execution's list
  // item, and an execution of each state, read in full.
  test('every answer fits its 200 schema, with no field the types do not describe', async () => {
    const workflows = await walk('getOrganizationWorkflows', '/workflows/getOrganizationWorkflows');
    assert.ok(
      workflows.some((w) => w.workflow_schedule),
      'a scheduled workflow among them',
    );
    for (const w of workflows) {
      const q = `workflow_id=${w.workflow_id}&workflow_version=${w.workflow_version}`;
      validate('getWorkflowById', await get(`/workflows/getWorkflowById?${q}`));
      validate('getWorkflowSchemaById', await get(`/workflows/getWorkflowSchemaById?${q}`));
    }
    const executions = await walk('getOrganizationExecutions', '/workflows/getOrganizationExecutions');
    await walk(
      'getWorkflowExecutionHistory',
      `/workflows/getWorkflowExecutionHistory?workflow_id=${SEEDED.bigWorkflowId}`,
    );
    const byState = new Map(executions.map((x) => [x.workflow_current_state, x]));
    assert.ok(byState.size >= 3, [...byState.keys()].join());
    for (const x of byState.values()) {
      validate(
        'getWorkflowExecutionById',
        await get(
          `/workflows/getWorkflowExecutionById?workflow_id=${x.workflow_id}&workflow_execution_id=${x.workflow_execution_id}`,
        ),
      );
    }
    const post = async (path, body) =>
      (await api(srv2, path, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).json;
    const triggered = await post(`/workflows/triggerworkflow/${SEEDED.bigWorkflowId}`, '{}');
    validate('triggerWorkflow', triggered);
    const target = { workflow_id: SEEDED.scheduledWorkflowId, workflow_version: SEEDED.scheduledWorkflowVersion };
    validate(
      'toggleScheduledWorkflow',
      await post('/workflows/toggleScheduledWorkflow', JSON.stringify({ ...target, action: 'PAUSE' })),
    );
    validate(
      'resumeWorkflow',
      await post(`/workflows/resumeworkflow/${SEEDED.waitingExecution.workflow_execution_id}`, '{"source":"TEAMS"}'),
    );
  });
});

describe('requestChecker', () => {
  const checkRequest = requestChecker(SPEC);
  // Catches a checker that lets through what the SDK must never send.
  test('finds undocumented paths, parameters, bad values and bad bodies', () => {
    const q = (query) => ({ method: 'GET', path: '/v1/workflows/getWorkflowById', query, body: '' });
    assert.deepEqual(checkRequest(q({ workflow_id: 'w', workflow_version: '3' })), []);
    assert.equal(checkRequest(q({ workflow_id: 'w', workflow_version: 'abc' })).length, 1);
    assert.equal(checkRequest(q({ workflow_id: 'w', workflow_version: '3', junk: '1' })).length, 1);
    assert.equal(checkRequest(q({ workflow_version: '3' })).length, 1, 'a required parameter missing');
    assert.equal(checkRequest({ method: 'GET', path: '/v1/workflows/nothing', query: {}, body: '' }).length, 1);
    const toggle = (body) =>
      checkRequest({ method: 'POST', path: '/v1/workflows/toggleScheduledWorkflow', query: {}, body });
    assert.deepEqual(toggle('{"workflow_id":"w","workflow_version":1,"action":"PAUSE"}'), []);
    assert.equal(toggle('{"workflow_id":"w","workflow_version":"x","action":"STOP"}').length, 2);
    assert.deepEqual(
      toggle('{"workflow_id":"w","workflow_version":"1","action":"PLAY"}'),
      [],
      'a version may be its digits',
    );
    const action = (name) => checkRequest({ method: 'POST', path: `/v1/workflows/${name}/p`, query: {}, body: '{}' });
    assert.deepEqual(action('approveworkflow'), []);
    assert.deepEqual(
      checkRequest({ method: 'POST', path: '/v1/workflows/resumeworkflow/p', query: {}, body: '{"source":"SAP"}' }),
      [],
    );
    assert.equal(
      checkRequest({ method: 'POST', path: '/v1/workflows/resumeworkflow/p', query: {}, body: '{"source":"EMAIL"}' })
        .length,
      1,
    );
  });
});

describe('over-long requests', () => {
  // Catches an answer to an over-long request that the document does not list (a generic
  // client or a schema tester would take it for a contract break).
  test("a URL or a body over the server's limits is answered with a status the operation lists", async () => {
    const srv3 = await startServer({ port: 0, stateDelayMs: 60_000 });
    try {
      const read = operations.find((o) => o.op.operationId === 'getWorkflowById');
      const long = await api(
        srv3,
        `/workflows/getWorkflowById?workflow_id=${'%C3%A4'.repeat(3500)}&workflow_version=1`,
      );
      assert.ok(String(long.status) in read.op.responses && long.status >= 400, `${long.status}`);
      const trigger = operations.find((o) => o.op.operationId === 'triggerWorkflow');
      const big = await api(srv3, `/workflows/triggerworkflow/${SEEDED.bigWorkflowId}`, {
        method: 'POST',
        body: JSON.stringify({ x: 'y'.repeat(2 * 1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      });
      assert.ok(String(big.status) in trigger.op.responses && big.status >= 400, `${big.status}`);
    } finally {
      srv3.close();
    }
  });
});
