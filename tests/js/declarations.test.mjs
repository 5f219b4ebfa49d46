// The shipped declarations carry the endpoint descriptions as TSDoc, as an editor shows them:
// each method says what it does and its route, each parameter interface and each of its
// fields says what it is. Read from the package as installed (build/consumer/).
//
// Catches: the describe tool writing the declarations without their doc comments, or a
// method's doc drifting from the operation the OpenAPI document describes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OPENAPI } from './support/harness.mjs';

const dts = readFileSync(new URL('../../build/consumer/node_modules/looply-sdk/index.d.ts', import.meta.url), 'utf8');
const flat = (text) => text.replace(/\s+/g, ' ').trim();
/** The text of the doc comment that ends right before `at` in the declarations, or undefined. */
function docBefore(at) {
  const head = dts.slice(0, at).trimEnd();
  if (!head.endsWith('*/')) return undefined;
  const start = head.lastIndexOf('/**');
  return flat(head.slice(start + 3, -2).replace(/^\s*\* ?/gm, ''));
}
const pascal = (name) => name[0].toUpperCase() + name.slice(1);

const operations = Object.entries(OPENAPI.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
);
const operationIds = [...new Set(operations.map(({ op }) => op.operationId))];
/** The client's methods: one for each operation but the versioned trigger, which `triggerWorkflow` also sends. */
const methods = operationIds.filter((id) => new RegExp(`\\n  ${id}(<[^>]*>)?\\(params`).test(dts));

test("every method of the client has its operation's summary and route as TSDoc", () => {
  // Every operation is a method (so the checks below cover them all), but the versioned trigger.
  assert.deepEqual(
    methods,
    operationIds.filter((id) => id !== 'triggerWorkflowWithVersion'),
  );
  for (const name of methods) {
    const doc = docBefore(dts.search(new RegExp(`\\n  ${name}(<[^>]*>)?\\(params`)));
    assert.ok(doc, `${name}: no doc comment`);
    const routes = operations.filter(
      ({ op }) =>
        op.operationId === name || (name === 'triggerWorkflow' && op.operationId === 'triggerWorkflowWithVersion'),
    );
    assert.ok(
      routes.some(({ op }) => doc.startsWith(flat(op.summary))),
      `${name}: ${doc}`,
    );
    assert.ok(
      routes.some(({ method, path }) => doc.includes(`(\`${method} ${path}\`)`)),
      `${name}: no route in ${doc}`,
    );
  }
});

test('every parameter interface and each of its fields is documented', () => {
  for (const name of methods) {
    // A workflow's input takes its id as a type parameter (`TriggerWorkflowParams<Id …>`).
    const at = dts.search(new RegExp(`export interface ${pascal(name)}Params(<[^>]*>)? \\{`));
    assert.ok(at > 0, `${name}: no parameter interface`);
    assert.equal(docBefore(at), `Parameters of \`${name}\`.`);
    const body = dts.slice(at, dts.indexOf('\n}', at));
    const fields = [...body.matchAll(/\n {2}(\w+)\??:/g)];
    assert.ok(fields.length > 0, `${name}: no fields`);
    for (const field of fields) {
      assert.ok(docBefore(at + field.index)?.length > 10, `${name}.${field[1]}: no doc comment`);
    }
  }
});

test("openapi.json's parameters say what the SDK chose, and an action is never another endpoint's name", () => {
  const choices = {
    workflow_version: 'The SDK accepts a whole number from 1 or a string of up to 15 digits',
    limit: 'the SDK refuses anything but a whole number from 1 to 30',
    action: "the SDK accepts letters only, never another endpoint's name",
  };
  const KEY = "The SDK sends back any non-empty string or finite number exactly as the page's `lastKey` gave it.";
  const seen = new Set();
  for (const { op } of operations) {
    for (const p of op.parameters ?? []) {
      // A pagination key (a string or a number) is sent back as the page gave it.
      const choice = [p.schema.type].flat().includes('number') ? KEY : choices[p.name];
      if (choice) {
        assert.ok(p.description.includes(choice), `${op.operationId} ${p.name}: ${p.description}`);
        seen.add(choice === KEY ? 'lastKey' : p.name);
      }
    }
    const body = op.requestBody?.content['application/json'].schema;
    if (body?.description) {
      assert.ok(
        body.description.includes('the SDK sends a JSON object, `{}` when omitted'),
        `${op.operationId}: ${body.description}`,
      );
      seen.add('payload');
    }
  }
  assert.deepEqual([...seen].sort(), ['action', 'lastKey', 'limit', 'payload', 'workflow_version']);
  const action = operations
    .find(({ op }) => op.operationId === 'runWorkflowAction')
    .op.parameters.find((p) => p.name === 'action');
  const refused = action.schema.not.enum;
  for (const name of ['triggerworkflow', 'getWorkflowById', 'getOrganizationExecutions', 'toggleScheduledWorkflow']) {
    assert.ok(refused.includes(name), `${name} not refused`);
  }
  assert.ok(!refused.includes('resumeworkflow'), 'an action refused');
});

// Catches a version's or an action's pattern that takes more (or less) than the SDK sends:
// a tool that checks requests by the document (Prism, Schemathesis) would judge by it.
test("openapi.json's version and action patterns take exactly what the SDK accepts", () => {
  const param = (id, name) =>
    operations.find(({ op }) => op.operationId === id).op.parameters.find((p) => p.name === name).schema;
  const version = new RegExp(param('getWorkflowById', 'workflow_version').pattern);
  for (const ok of ['1', '9'.repeat(15), `${'0'.repeat(14)}1`]) assert.ok(version.test(ok), ok);
  for (const bad of ['0', '1'.repeat(16), `${'0'.repeat(15)}1`, '+1', '1.0']) assert.ok(!version.test(bad), bad);
  const action = new RegExp(param('runWorkflowAction', 'action').pattern);
  assert.ok(action.test('a'.repeat(64)) && action.test('resumeworkflow'));
  for (const bad of ['a'.repeat(65), 'resume-workflow', '']) assert.ok(!action.test(bad), bad);
});

// Catches a response schema written as `{}` (anything goes), which would let the generic
// tools (openapi-typescript, Prism) type or mock an answer as anything at all.
test('every 200 answer in openapi.json is an object schema with its fields', () => {
  const resolve = (schema) => (schema.$ref ? OPENAPI.components.schemas[schema.$ref.split('/').pop()] : schema);
  for (const { op } of operations) {
    const schema = resolve(op.responses['200'].content['application/json'].schema);
    assert.equal(schema.type, 'object', op.operationId);
    assert.ok(Object.keys(schema.properties ?? {}).length > 0, `${op.operationId}: no properties`);
  }
});

// Catches the `default: null` that schemars writes for an optional field left in the
// document: the service leaves such a field out, it never sends null for it.
test('openapi.json gives no field a default of null', () => {
  const nulls = [];
  const walk = (v, at) => {
    if (!v || typeof v !== 'object') return;
    if (!Array.isArray(v) && Object.hasOwn(v, 'default') && v.default === null) nulls.push(at);
    for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
  };
  walk(OPENAPI, '#');
  assert.deepEqual(nulls, []);
  assert.ok(
    JSON.stringify(OPENAPI.components.schemas.ExecutionsPage).includes('"lastKey"'),
    'the optional fields are there',
  );
});

// Catches a helper of the describe tool (a nullable field, a version, an open object) made a
// component of its own: the components are the API's types, which the .d.ts exports.
test("openapi.json's components are the API's types, not the schema helpers", () => {
  const helpers = Object.keys(OPENAPI.components.schemas).filter((n) =>
    /^(Nullable|Version$|Count$|Millis$|JsonObject$|AnyJson$)/.test(n),
  );
  assert.deepEqual(helpers, []);
  assert.deepEqual(OPENAPI.components.schemas.Workflow.properties.created_by.type, ['string', 'null']);
});
