// Recovery from a trap: the test build (`node scripts/build.mjs --test-hooks`) has exports
// that make the WebAssembly instance trap. The calls in flight fail with a LooplyError that
// says so; the next call is served by a fresh instance.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEEDED, startServer, rejectionOf } from './support/harness.mjs';

const sdk = await import(new URL('../../build/pkg-test-hooks/index.mjs', import.meta.url).href);
const GET = { workflow_id: SEEDED.bigWorkflowId, workflow_version: SEEDED.bigWorkflowVersion };

describe('recovery from a trap (test build)', () => {
  let srv;
  let client;
  before(async () => {
    srv = await startServer({ stateDelayMs: 50 });
    client = new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl });
  });
  after(() => srv.close());
  beforeEach(() => srv.reset());

  test('a trap inside a call fails that call, and the next call works', async () => {
    const generation = sdk.currentGeneration();
    const err = (() => {
      try {
        sdk.trapNow();
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof sdk.LooplyError, String(err));
    assert.equal(
      err.message,
      'looply-sdk: its WebAssembly instance failed while this call was in flight, so the call was ' +
        'abandoned (it may or may not have reached the service). A fresh instance serves the next call.',
    );
    assert.ok(err.cause instanceof WebAssembly.RuntimeError);
    assert.equal(sdk.currentGeneration(), generation + 1);
    const page = await client.getOrganizationWorkflows({ limit: 2 });
    assert.equal(page.count, 2);
  });

  test('a trap while calls are in flight fails exactly those calls', async () => {
    srv.inject({ delayMs: 300, times: 3 });
    const inFlight = [1, 2, 3].map(() => client.getWorkflowById(GET));
    await new Promise((r) => setTimeout(r, 50));
    assert.throws(() => sdk.trapNow(), sdk.LooplyError);
    const results = await Promise.allSettled(inFlight);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(r.reason instanceof sdk.LooplyError, String(r.reason));
      assert.match(r.reason.message, /WebAssembly instance failed/);
    }
    const again = await client.getWorkflowById(GET);
    assert.equal(again.item.workflow_id, GET.workflow_id);
    const other = new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl });
    assert.equal((await other.getOrganizationExecutions({ limit: 1 })).count, 1);
  });

  // Catches a call entered in flight without a way to be failed yet (it has awaited nothing):
  // a trap then, from its own `request` listener, must still recover, and the call fail with
  // the LooplyError that says so, sending nothing (not a TypeError of the recovery's, nor a
  // request of the abandoned call's and a stale object's error after it).
  test('a trap before a call has awaited anything still recovers', async () => {
    const own = new sdk.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl });
    const sentBefore = srv.requests.length;
    let thrown;
    own.on('request', () => {
      try {
        sdk.trapNow();
      } catch (e) {
        thrown = e;
      }
    });
    const err = await rejectionOf(own.getWorkflowById(GET));
    assert.ok(thrown instanceof sdk.LooplyError, String(thrown));
    assert.match(thrown.message, /WebAssembly instance failed/);
    assert.ok(err instanceof sdk.LooplyError, String(err));
    assert.match(err.message, /WebAssembly instance failed/);
    assert.equal(srv.requests.length, sentBefore);
    const again = await client.getWorkflowById(GET);
    assert.equal(again.item.workflow_id, GET.workflow_id);
  });

  // Catches a call abandoned while it waited for its turn (maxConcurrency) that keeps its place
  // in the queue: the place freed later would go to it, and the client would stall.
  test('calls waiting for their turn when the instance traps give their places back', async () => {
    const slow = async () => {
      await new Promise((r) => setTimeout(r, 100));
      return new Response('{"message":"success","item":{}}', { headers: { 'content-type': 'application/json' } });
    };
    const limited = new sdk.LooplyClient({ apiKey: 'k-limited', baseUrl: srv.baseUrl, maxConcurrency: 1, fetch: slow });
    const calls = [1, 2, 3].map((v) => limited.getWorkflowById({ workflow_id: 'w', workflow_version: v }));
    try {
      sdk.trapNow();
    } catch {
      // the recovery under test
    }
    for (const call of calls) assert.ok((await rejectionOf(call)) instanceof sdk.LooplyError);
    const next = limited.getWorkflowById({ workflow_id: 'w', workflow_version: 4 });
    const stalled = new Promise((r) => setTimeout(() => r('stalled'), 2000));
    assert.deepEqual(await Promise.race([next, stalled]), { message: 'success', item: {} });
  });

  test('a paginator of the failed instance says so; a new one resumes from its lastKey', async () => {
    const walk = client.paginateOrganizationExecutions({ limit: 10 });
    const seen = [];
    const err = await rejectionOf(
      (async () => {
        for await (const e of walk) {
          seen.push(e.workflow_execution_id);
          if (seen.length === 10) {
            try {
              sdk.trapNow();
            } catch {
              // the recovery under test
            }
          }
        }
      })(),
    );
    assert.ok(err instanceof sdk.LooplyError);
    assert.match(
      err.message,
      /paginator belonged to a WebAssembly instance that failed; start a new paginator from its lastKey\.$/,
    );
    const rest = await client.paginateOrganizationExecutions({ lastKey: walk.lastKey }).toArray();
    const all = await client.paginateOrganizationExecutions().toArray();
    assert.equal(seen.length + rest.length, all.length);
  });

  // Catches a paginator that frees its pager after the instance was replaced: the pointer
  // belongs to the failed instance's memory, and freeing it in the new one corrupts its heap.
  test('a paginator of the failed instance does not free its pager into the new instance', async () => {
    const walk = client.paginateOrganizationExecutions({ limit: 5 });
    const live = sdk.livePagers();
    const err = await rejectionOf(
      (async () => {
        for await (const _ of walk) {
          try {
            sdk.trapNow();
          } catch {
            // the recovery under test
          }
        }
      })(),
    );
    assert.match(err.message, /paginator belonged to a WebAssembly instance that failed/);
    assert.equal(sdk.livePagers(), live, 'no free() reached the new instance');
    assert.equal((await client.paginateOrganizationExecutions({ maxItems: 3 }).toArray()).length, 3);
    assert.equal(sdk.livePagers(), live);
  });
});

// The test build counts the core clients that free() released (pkg-template/src/test-entry.js).
describe('a client frees its core (test build)', () => {
  const client = () => new sdk.LooplyClient({ apiKey: 'sk-free', baseUrl: 'http://127.0.0.1:9/v1' });

  // Catches free() or Symbol.dispose that releases nothing (the memory stays until the
  // garbage collector's finalizer, which may never come).
  test('free() and Symbol.dispose each free the core once', () => {
    const before = sdk.freedClients();
    client().free();
    assert.equal(sdk.freedClients(), before + 1, 'free()');
    client()[Symbol.dispose]();
    assert.equal(sdk.freedClients(), before + 2, 'Symbol.dispose');
  });

  // Catches free() after a recovery handing the failed instance's pointer to the new one,
  // whose heap it would corrupt.
  test('after a recovery, free() of a client made before it frees nothing', () => {
    const old = client();
    assert.throws(() => sdk.trapNow(), sdk.LooplyError);
    const before = sdk.freedClients();
    old.free();
    assert.equal(sdk.freedClients(), before);
  });

  // Catches a freed client whose number stays (or turns into another) in its calls: the core
  // reuses a freed slot for the next object, so its calls would be sent by whichever client
  // holds that number then, with that client's key and fetch.
  test("a freed client's calls never reach the client that took its slot, nor any other", async () => {
    assert.throws(() => sdk.trapNow(), sdk.LooplyError); // a fresh instance: slots from 0, in order
    const sent = [];
    const over = (who) =>
      new sdk.LooplyClient({
        apiKey: `sk-${who}`,
        baseUrl: 'http://127.0.0.1:9/v1',
        maxRetries: 0,
        fetch: async () => {
          sent.push(who);
          return new Response('{"message":"success","item":{}}', { headers: { 'content-type': 'application/json' } });
        },
      });
    const kept = [0, 1, 2, 3].map((i) => over(`kept${i}`));
    const freed = over('freed');
    freed.free();
    await null; // the core frees it a microtask later (instance.js's release)
    const next = over('next'); // the freed slot's new holder
    const err = await rejectionOf(freed.getWorkflowById(GET));
    assert.ok(err instanceof sdk.LooplyError, String(err));
    assert.match(err.message, /null pointer passed to rust/);
    assert.deepEqual(sent, [], 'a request of the freed client was sent');
    assert.deepEqual(await next.getWorkflowById(GET), { message: 'success', item: {} });
    assert.deepEqual(await kept[1].getWorkflowById(GET), { message: 'success', item: {} });
    assert.deepEqual(sent, ['next', 'kept1']);
  });

  // Catches a number of a failed instance passed to the new one (where it names another
  // object, or none): the check before every crossing that can follow a trap (drive's).
  test("a core object's number is refused once its instance was replaced", () => {
    const generation = sdk.currentGeneration();
    assert.equal(sdk.liveNumber([3, generation]), 3);
    assert.throws(() => sdk.liveNumber([3, generation - 1]), {
      constructor: Error,
      message: 'Invalid stale object from previous Wasm instance',
    });
  });
});
