// Size limits: oversized responses are refused without reading them; oversized input is a
// ValidationError and sends nothing.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { esm as sdk, SEEDED, startServer, clientFor, rejectionOf } from './support/harness.mjs';

const GET = { workflow_id: SEEDED.bigWorkflowId, workflow_version: SEEDED.bigWorkflowVersion };
const MiB = 1024 * 1024;

describe('limits (esm build)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ stateDelayMs: 50 });
  });
  after(() => srv.close());
  beforeEach(() => srv.reset());

  test('a body declared over 32 MiB is refused with ResponseDecodeError, not read, not retried', async () => {
    srv.inject({ rawBody: 'x'.repeat(33 * MiB), contentType: 'application/json' });
    const err = await rejectionOf(clientFor(sdk, srv).getWorkflowById(GET));
    assert.ok(err instanceof sdk.ResponseDecodeError, String(err));
    assert.match(err.message, /32 MiB/);
    assert.equal(err.status, 200);
    assert.equal(srv.requests.length, 1);
  });

  test('a chunked body is counted while read and cut at 32 MiB', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(MiB).fill(120);
    const stream = new ReadableStream({
      pull(controller) {
        pulled++;
        if (pulled > 64) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const fetch = async () => new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
    const client = new sdk.LooplyClient({ apiKey: 'k', baseUrl: 'http://looply.test/v1', fetch, maxRetries: 0 });
    const err = await rejectionOf(client.getWorkflowById(GET));
    assert.ok(err instanceof sdk.ResponseDecodeError, String(err));
    assert.ok(pulled <= 40, `read ${pulled} MiB before stopping`);
  });

  // Catches a counted read that decodes each chunk on its own: a character split between two
  // chunks would come out as U+FFFD.
  test('a streamed body keeps a character whose bytes come in separate chunks', async () => {
    const name = 'é€😀 ü';
    const body = new TextEncoder().encode(JSON.stringify({ message: 'success', item: { workflow_id: 'w', name } }));
    let at = 0;
    const stream = new ReadableStream({
      pull(controller) {
        // A byte a chunk.
        if (at < body.length) controller.enqueue(body.slice(at, ++at));
        else controller.close();
      },
    });
    const fetch = async () => new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
    const client = new sdk.LooplyClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', fetch, maxRetries: 0 });
    const out = await client.getWorkflowById(GET);
    assert.equal(out.item.name, name);
  });

  test('a 2 MiB body within the limit is read whole', async () => {
    const big = { message: 'success', item: { workflow_id: 'w', blob: 'y'.repeat(2 * MiB) } };
    srv.inject({ rawBody: JSON.stringify(big), contentType: 'application/json' });
    const out = await clientFor(sdk, srv).getWorkflowById(GET);
    assert.equal(out.item.blob.length, 2 * MiB);
  });

  test('oversized input is a ValidationError and sends nothing', async () => {
    const client = clientFor(sdk, srv);
    const cases = [
      [client.triggerWorkflow({ workflow_id: GET.workflow_id, payload: { big: 'z'.repeat(11 * MiB) } }), 'payload'],
      [client.getWorkflowById({ workflow_id: 'w'.repeat(1025), workflow_version: 1 }), 'workflow_id'],
      [client.getWorkflowById(GET, { headers: { 'x-big': 'v'.repeat(8193) } }), 'headers'],
    ];
    for (const [promise, param] of cases) {
      const err = await rejectionOf(promise);
      assert.ok(err instanceof sdk.ValidationError, String(err));
      assert.equal(err.param, param);
    }
    assert.throws(() => clientFor(sdk, srv, { baseUrl: `http://h/${'p'.repeat(2100)}` }), sdk.ValidationError);
    assert.equal(srv.requests.length, 0);
  });
});
