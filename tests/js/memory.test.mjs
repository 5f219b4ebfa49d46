// The core's linear memory stays flat over many calls and walks: each finished call (a
// success, an API error, a failure without a response) and each page of a walk frees what
// the core kept of it. The test build
// (`node scripts/build.mjs --test-hooks`) reads the memory's size; a custom fetch answers at
// once, so thousands of calls take a fraction of a second.
//
// Catches: a finished call left in the core's table of calls in flight, or a paginator's
// page calls left there (the memory would grow with every call an app makes, until the
// instance runs out).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const sdk = await import(new URL('../../build/pkg-test-hooks/index.mjs', import.meta.url).href);

const PAGE = JSON.stringify({ message: 'success', count: 1, items: [{ workflow_id: 'w' }] });
/** A fetch that answers every third call with a 404, every fifth with a dropped connection. */
function stubFetch() {
  let n = 0;
  return async () => {
    n++;
    if (n % 5 === 0) throw new TypeError('fetch failed');
    const status = n % 3 === 0 ? 404 : 200;
    return new Response(status === 200 ? PAGE : '{"message":"Not Found"}', {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** A client of the test build over `fetch`, without retries. */
const clientOver = (fetch) =>
  new sdk.LooplyClient({ apiKey: 'sk-memory-test', baseUrl: 'http://127.0.0.1:9', maxRetries: 0, fetch });

/** Runs `step` `warmUp` times (the allocator settles), then `times` times, and asserts the memory did not grow. */
async function assertFlat(step, warmUp, times, what) {
  for (let i = 0; i < warmUp; i++) await step();
  const before = sdk.memoryBytes();
  for (let i = 0; i < times; i++) await step();
  assert.equal(sdk.memoryBytes(), before, `grew by ${sdk.memoryBytes() - before} bytes over ${times} ${what}`);
}

const json = (status, body) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
/** A page of one workflow, with a `lastKey` when `more`. */
const page = (more, n) => ({
  message: 'success',
  count: 1,
  items: [{ workflow_id: 'w' }],
  ...(more ? { lastKey: { organization_id: 'o', workflow_id: 'w', workflow_version: n } } : {}),
});

test("thousands of finished calls leave the core's memory as it was", async () => {
  const client = clientOver(stubFetch());
  await assertFlat(() => client.getOrganizationWorkflows({ limit: 1 }).catch(() => {}), 1000, 5000, 'calls');
});

test("thousands of paginator walks leave the core's memory as it was", async () => {
  let n = 0;
  // Two pages a walk: the first with a lastKey, the second without.
  const client = clientOver(async () => json(200, page(n++ % 2 === 0, n)));
  await assertFlat(() => client.paginateOrganizationWorkflows({ limit: 1 }).toArray(), 500, 2500, 'walks');
});

// Catches a walk's call left in the core's table when its page fails (a paginator's call is
// not forgotten by the core as it ends: the driver must finish it).
test("thousands of walks that fail on their second page leave the core's memory as it was", async () => {
  let n = 0;
  const client = clientOver(async () =>
    n++ % 2 === 1 ? json(404, { message: 'Not Found' }) : json(200, page(true, n)),
  );
  const failedWalk = async () => {
    const err = await client
      .paginateOrganizationWorkflows({ limit: 1 })
      .toArray()
      .catch((e) => e);
    assert.ok(err instanceof sdk.NotFoundError, String(err));
  };
  await assertFlat(failedWalk, 500, 2500, 'failed walks');
});

// Catches the driver forgetting a call that the core already forgot as it succeeded (a
// page whose lastKey the walk then refuses): by then another call may hold its number.
// Here the refused page's request-id header, read for the error, starts that other call.
test('a page refused after its call succeeded does not forget the call that took its number', async () => {
  let inner;
  let calls = 0;
  const client = clientOver(async () => {
    if (++calls > 1) return json(200, page(false, 0));
    // A lastKey without its cursor fields: the walk refuses it once the call has ended.
    const res = json(200, { ...page(false, 0), lastKey: {} });
    const headers = new Headers(res.headers);
    headers.get = (name) => {
      if (name === 'x-amzn-requestid') inner ??= client.getOrganizationWorkflows({ limit: 1 });
      return null;
    };
    return { status: 200, headers, text: () => res.text(), body: null };
  });
  const err = await client
    .paginateOrganizationWorkflows({ limit: 1 })
    .toArray()
    .catch((e) => e);
  assert.ok(err instanceof sdk.ResponseDecodeError, String(err));
  assert.ok(inner, 'the other call started while the page was refused');
  assert.equal((await inner).count, 1, 'the other call still ends with its page');
});

// Catches a finished call kept in the driver's set of calls in flight (its `leave()` emptied):
// each would keep its last attempt's record, body and Response, for every call an app makes.
test('a finished call keeps nothing of its answer once the app lets go of it', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc'); // a full collection, as node --expose-gc would give
  const answers = [];
  const client = clientOver(async () => {
    const res = json(200, page(false, 0));
    answers.push(new WeakRef(res));
    return res;
  });
  for (let i = 0; i < 10; i++) await client.getOrganizationWorkflows({ limit: 1 });
  await new Promise((resolve) => setImmediate(resolve)); // a WeakRef holds its target until the job ends
  gc();
  assert.equal(answers.filter((r) => r.deref() !== undefined).length, 0, 'Responses still reachable');
});

// Catches clients and paginators that an app drops without free() never freed in the core
// (instance.js's HELD: the FinalizationRegistry that frees a collected holder's number): the
// memory would grow with every client or walk an app lets go of.
test('clients and paginators an app lets go of are freed in the core once collected', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const dropSome = () => {
    for (let i = 0; i < 300; i++) {
      const client = clientOver(stubFetch());
      client.paginateOrganizationWorkflows({ limit: 1 }); // a pager the walk never started
    }
  };
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 5)); // the registry's callbacks run in a task of their own
    }
  };
  await assertFlat(
    async () => {
      dropSome();
      await collect();
    },
    2,
    10,
    'rounds of 300 clients and paginators dropped',
  );
});

// Catches a free() that code of the caller's makes while the core settles a response (a custom
// fetch's headers: the core reads an error's request id there, with its objects borrowed)
// skipped: each client freed there would stay in the core for good.
test("clients freed by a custom fetch's headers while a response is settled are freed", async () => {
  let doomed = [];
  let freedInSettle = 0;
  const client = new sdk.LooplyClient({
    apiKey: 'sk-memory-test',
    baseUrl: 'http://127.0.0.1:9',
    maxRetries: 0,
    logLevel: 'off',
    fetch: async () => {
      const res = json(404, { message: 'Not Found' });
      return {
        status: 404,
        headers: {
          get(name) {
            if (name === 'x-amzn-requestid') {
              freedInSettle += doomed.length;
              for (const c of doomed.splice(0)) c.free();
            }
            return res.headers.get(name);
          },
        },
        text: () => res.text(),
      };
    },
  });
  await assertFlat(
    async () => {
      doomed = Array.from({ length: 50 }, () => clientOver(stubFetch()));
      await assert.rejects(client.getOrganizationWorkflows({ limit: 1 }), sdk.NotFoundError);
    },
    2,
    20,
    'calls whose headers freed 50 clients each',
  );
  assert.equal(freedInSettle, 50 * 22, 'the request id was read, and the clients freed there');
});
