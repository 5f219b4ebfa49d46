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

test("thousands of finished calls leave the core's memory as it was", async () => {
  const client = new sdk.LooplyClient({
    apiKey: 'sk-memory-test',
    baseUrl: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch: stubFetch(),
  });
  const calls = async (n) => {
    for (let i = 0; i < n; i++) await client.getOrganizationWorkflows({ limit: 1 }).catch(() => {});
  };
  await calls(1000); // the allocator settles
  const before = sdk.memoryBytes();
  await calls(5000);
  assert.equal(sdk.memoryBytes(), before, `grew by ${sdk.memoryBytes() - before} bytes over 5,000 calls`);
});

test("thousands of paginator walks leave the core's memory as it was", async () => {
  let n = 0;
  // Two pages a walk: the first with a lastKey, the second without.
  const fetch = async () => {
    const page = { message: 'success', count: 1, items: [{ workflow_id: 'w' }] };
    if (n++ % 2 === 0) page.lastKey = { organization_id: 'o', workflow_id: 'w', workflow_version: n };
    return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = new sdk.LooplyClient({
    apiKey: 'sk-memory-test',
    baseUrl: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch,
  });
  const walks = async (count) => {
    for (let i = 0; i < count; i++) await client.paginateOrganizationWorkflows({ limit: 1 }).toArray();
  };
  await walks(500);
  const before = sdk.memoryBytes();
  await walks(2500);
  assert.equal(sdk.memoryBytes(), before, `grew by ${sdk.memoryBytes() - before} bytes over 2,500 walks`);
});

// Catches a walk's call left in the core's table when its page fails (a paginator's call is
// not forgotten by the core as it ends: the driver must finish it).
test("thousands of walks that fail on their second page leave the core's memory as it was", async () => {
  let n = 0;
  const fetch = async () => {
    if (n++ % 2 === 1)
      return new Response('{"message":"Not Found"}', { status: 404, headers: { 'content-type': 'application/json' } });
    const page = {
      message: 'success',
      count: 1,
      items: [{ workflow_id: 'w' }],
      lastKey: { organization_id: 'o', workflow_id: 'w', workflow_version: n },
    };
    return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = new sdk.LooplyClient({
    apiKey: 'sk-memory-test',
    baseUrl: 'http://127.0.0.1:9',
    maxRetries: 0,
    fetch,
  });
  const walks = async (count) => {
    for (let i = 0; i < count; i++) {
      const err = await client
        .paginateOrganizationWorkflows({ limit: 1 })
        .toArray()
        .catch((e) => e);
      assert.ok(err instanceof sdk.NotFoundError, String(err));
    }
  };
  await walks(500);
  const before = sdk.memoryBytes();
  await walks(2500);
  assert.equal(sdk.memoryBytes(), before, `grew by ${sdk.memoryBytes() - before} bytes over 2,500 failed walks`);
});
