// How the package meets the app around it: the global fetch of each attempt's moment (mocks
// installed after the client was made), error classes recognised across copies of the
// package, and an import that never throws where WebAssembly is missing.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  BUILDS,
  CJS_ENTRY,
  ESM_ENTRY,
  ERROR_CLASS_NAMES,
  SEEDED,
  cjs,
  esm,
  startServer,
  clientFor,
  rejectionOf,
} from './support/harness.mjs';

const GET = { workflow_id: SEEDED.bigWorkflowId, workflow_version: SEEDED.bigWorkflowVersion };

/** Replaces `globalThis.fetch` with `replacement` while `fn` runs. */
async function withGlobalFetch(replacement, fn) {
  const original = globalThis.fetch;
  globalThis.fetch = replacement;
  try {
    return await fn();
  } finally {
    globalThis.fetch = original;
  }
}

let srv;
before(async () => {
  srv = await startServer({ stateDelayMs: 50 });
});
after(() => srv.close());
beforeEach(() => srv.reset());

for (const [build, sdk] of BUILDS) {
  describe(`the global fetch of the moment (${build})`, () => {
    // Catches the global fetch captured when the client was made: MSW's setupServer() or
    // vi.stubGlobal('fetch') started after the app made its client would miss its calls.
    test('a fetch installed after the client was made sees every attempt, with its own headers', async () => {
      const client = clientFor(sdk, srv);
      const seen = [];
      const original = globalThis.fetch;
      const spy = (url, init) => {
        seen.push({ url, key: init.headers.get('x-api-key') });
        init.headers.set('x-added-by-mock', 'yes'); // a copy: must not stick to later calls
        return original(url, init);
      };
      srv.inject({ status: 503, headers: { 'retry-after-ms': '0' } });
      await withGlobalFetch(spy, () => client.getWorkflowById(GET));
      assert.equal(seen.length, 2, 'both attempts went through the replacement');
      assert.equal(seen[0].key, srv.apiKey);
      await client.getWorkflowById(GET);
      assert.equal(seen.length, 2, 'restored: the original is called again');
      assert.deepEqual(
        srv.requests.map((r) => r.headers['x-added-by-mock']),
        ['yes', 'yes', undefined],
      );
    });

    test('a mock that answers by itself is used, and a fetch passed in options still wins', async () => {
      const page = { message: 'success', count: 1, items: [{ workflow_id: 'mocked' }] };
      const mock = async () => new Response(JSON.stringify(page), { headers: { 'content-type': 'application/json' } });
      const plain = clientFor(sdk, srv);
      const real = globalThis.fetch;
      const own = clientFor(sdk, srv, { fetch: (url, init) => real(url, init) });
      const [mocked, fromServer] = await withGlobalFetch(mock, () =>
        Promise.all([plain.getOrganizationWorkflows({ limit: 1 }), own.getOrganizationWorkflows({ limit: 1 })]),
      );
      assert.deepEqual(mocked, page);
      assert.notEqual(fromServer.items[0].workflow_id, 'mocked');
      assert.equal(srv.requests.length, 1, 'only the client with its own fetch reached the server');
    });

    test('a global fetch removed after the client was made is an APIConnectionError, not a crash', async () => {
      const client = clientFor(sdk, srv, { maxRetries: 0 });
      const err = await withGlobalFetch(undefined, () => rejectionOf(client.getWorkflowById(GET)));
      assert.ok(err instanceof sdk.APIConnectionError, String(err));
      assert.match(err.message, /fetch/);
    });
  });
}

describe('error classes across copies of the package (the CJS and ESM entries in one process)', () => {
  // Catches `instanceof` that only knows its own copy's classes: an app whose CommonJS
  // dependency requires the package while its own code imports it would take the wrong branch.
  const pairs = [
    ['cjs', cjs, 'esm', esm],
    ['esm', esm, 'cjs', cjs],
  ];
  for (const [fromName, from, toName, to] of pairs) {
    test(`errors from the ${fromName} entry are instances of the ${toName} entry's classes and their ancestors only`, async () => {
      assert.notEqual(from.NotFoundError, to.NotFoundError, 'two copies of the classes');
      const client = clientFor(from, srv);
      const notFound = await rejectionOf(client.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }));
      let invalid;
      try {
        client.paginateOrganizationExecutions({ limit: 99 });
      } catch (e) {
        invalid = e;
      }
      for (const name of ERROR_CLASS_NAMES) {
        const want = ['NotFoundError', 'APIError', 'LooplyError'].includes(name);
        assert.equal(notFound instanceof to[name], want, `404 instanceof ${toName}.${name}`);
        assert.equal(
          invalid instanceof to[name],
          ['ValidationError', 'LooplyError'].includes(name),
          `validation instanceof ${toName}.${name}`,
        );
      }
      assert.ok(notFound instanceof Error);
      assert.equal(notFound.name, 'NotFoundError');
      assert.equal(notFound.status, 404);
      assert.equal(invalid.param, 'limit');
      assert.ok(!({} instanceof to.LooplyError));
      assert.ok(!(new Error('x') instanceof to.LooplyError));
      assert.ok(!(null instanceof to.LooplyError));
      assert.ok(!JSON.stringify(notFound).includes('looply-sdk.'), 'the brand stays out of JSON');
    });
  }

  test("an app's own subclass is matched by its prototype chain only", () => {
    class MyError extends cjs.NotFoundError {}
    const theirs = new esm.NotFoundError('x', { status: 404 });
    assert.ok(!(theirs instanceof MyError));
    assert.ok(new MyError('y') instanceof esm.NotFoundError);
    assert.ok(new MyError('y') instanceof MyError);
  });
});

describe('without WebAssembly', () => {
  const HINTS =
    "Likely causes: a runtime without WebAssembly (React Native's Hermes, node --jitless, iOS Lockdown Mode, " +
    'an edge runtime that forbids compiling it from bytes), or a page whose Content-Security-Policy forbids compiling it: ' +
    "add 'wasm-unsafe-eval' to script-src.";
  /** Imports `build`'s entry in a child (`flags`, after `prelude`), makes a client and reports what it threw. */
  async function constructIn(build, { flags = [], prelude = '' }) {
    const entry = build === 'esm' ? ESM_ENTRY : CJS_ENTRY;
    const load = build === 'esm' ? `await import(${JSON.stringify(entry)})` : `require(${JSON.stringify(entry)})`;
    const code = `
      ${prelude}
      const sdk = ${load};
      try {
        new sdk.LooplyClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
        console.log('constructed');
      } catch (e) {
        console.log(JSON.stringify({ looply: e instanceof sdk.LooplyError, name: e.name, message: e.message, cause: e.cause === null ? 'null' : e.cause?.name }));
      }
    `;
    const args = [...flags, ...(build === 'esm' ? ['--input-type=module'] : []), '-e', code];
    const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 20000 });
    return JSON.parse(stdout.trim());
  }

  // Catches an import that throws at module evaluation (the whole app would fail to load)
  // and an unclear failure later.
  for (const build of ['esm', 'cjs']) {
    test(`node --jitless: the ${build} entry imports; the client throws a LooplyError that says why`, async () => {
      const out = await constructIn(build, { flags: ['--jitless'] });
      assert.deepEqual(out, {
        looply: true,
        name: 'LooplyError',
        message: `looply-sdk cannot run here: WebAssembly is unavailable (WebAssembly is not defined). ${HINTS}`,
        cause: 'ReferenceError',
      });
    });
  }

  // Catches a reason read only from an Error: a compiler that throws something else (here
  // null) must still give the LooplyError, not a TypeError from reading its message.
  test('a compiler that throws null: the LooplyError says (null)', async () => {
    const out = await constructIn('esm', { prelude: 'WebAssembly.Module = function () { throw null; };' });
    assert.deepEqual(out, {
      looply: true,
      name: 'LooplyError',
      message: `looply-sdk cannot run here: WebAssembly is unavailable (null). ${HINTS}`,
      cause: 'null',
    });
  });
});

describe('the declarations and the runtime', () => {
  // Catches a method declared in the .d.ts (generated from the core's exports) that the
  // public class lacks, or one it has that the types do not declare.
  test("LooplyClient's methods are exactly those its declaration lists", async () => {
    const { readFile } = await import('node:fs/promises');
    const dts = await readFile(
      new URL('../../build/consumer/node_modules/looply-sdk/index.d.ts', import.meta.url),
      'utf8',
    );
    // The class (constructor, free) and the interfaces merged into it (the endpoint methods,
    // generated; events and withOptions, hand-kept).
    const blocks = [...dts.matchAll(/^export (?:class|interface) LooplyClient \{\n([\s\S]*?)^\}/gm)];
    assert.equal(blocks.length, 3, 'a class and two interfaces named LooplyClient');
    const body = blocks.map((m) => m[1]).join('');
    // (`triggerWorkflow<Id extends string>(`: a workflow's input is typed by its id.)
    const declared = [...new Set([...body.matchAll(/^ {2,4}([a-zA-Z]+)(?:<[^>]*>)?\(/gm)].map((m) => m[1]))]
      .filter((n) => n !== 'constructor')
      .sort();
    for (const [, sdk] of BUILDS) {
      const runtime = Object.getOwnPropertyNames(sdk.LooplyClient.prototype)
        .filter((n) => n !== 'constructor')
        .sort();
      assert.deepEqual(runtime, declared);
    }
    // Every operation of the shipped openapi.json is a method (its `…WithVersion` variant is the
    // same method with its optional version).
    const openapi = JSON.parse(
      await readFile(new URL('../../build/consumer/node_modules/looply-sdk/openapi.json', import.meta.url), 'utf8'),
    );
    const operations = Object.values(openapi.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    for (const id of operations) assert.ok(declared.includes(id.replace(/WithVersion$/, '')), `${id} is not a method`);
  });

  // Catches endpoint or paginator methods defined read-only or fixed: vi.spyOn, jest.spyOn
  // and sinon.stub replace a method on the prototype, and a test may stub one on an instance.
  test('every method is writable and configurable, not enumerable, as a class method is', () => {
    for (const [build, sdk] of BUILDS) {
      const proto = sdk.LooplyClient.prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const { writable, configurable, enumerable } = Object.getOwnPropertyDescriptor(proto, name);
        assert.deepEqual(
          { writable, configurable, enumerable },
          { writable: true, configurable: true, enumerable: false },
          `${build}: ${name}`,
        );
      }
      const client = new sdk.LooplyClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
      client.getWorkflowById = () => 'stubbed';
      client.paginateOrganizationExecutions = () => 'stubbed too';
      assert.deepEqual([client.getWorkflowById(), client.paginateOrganizationExecutions()], ['stubbed', 'stubbed too']);
      assert.equal(typeof proto[Symbol.dispose], 'function');
    }
  });
});
