// Retry timing, timeouts and cancellation on the built package, against injected faults.
// The assertions are on behaviour (which waits happened, in what order, what settled),
// with lower bounds from the rules and loose upper bounds: shared machines are noisy.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { esm as sdk, ESM_ENTRY, SEEDED, startServer, clientFor, rejectionOf } from './support/harness.mjs';

const GET = { workflow_id: SEEDED.bigWorkflowId, workflow_version: SEEDED.bigWorkflowVersion };
const gaps = (reqs) => reqs.slice(1).map((r, i) => r.time - reqs[i].time);
const SLACK = 1500; // upper-bound slack for a loaded machine

describe('resilience (esm build)', () => {
  let srv;
  before(async () => {
    srv = await startServer({ stateDelayMs: 50 });
  });
  after(() => srv.close());
  beforeEach(() => srv.reset());

  test('backoff without a header: about 0.5 s, then about 1 s (up to 25 % jitter taken off)', async () => {
    srv.inject({ status: 503, body: { message: 'busy' }, times: 2 });
    await clientFor(sdk, srv).getWorkflowById(GET);
    const [first, second] = gaps(srv.requests);
    assert.equal(srv.requests.length, 3);
    assert.ok(first >= 370 && first < 500 + SLACK, `first wait ${first} ms`);
    assert.ok(second >= 740 && second < 1000 + SLACK, `second wait ${second} ms`);
  });

  test('Retry-After in seconds is honoured exactly', async () => {
    srv.inject({ status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } });
    await clientFor(sdk, srv).getWorkflowById(GET);
    const [wait] = gaps(srv.requests);
    assert.ok(wait >= 990 && wait < 1000 + SLACK, `wait ${wait} ms`);
  });

  // The window excludes both the ordinary backoff (375-500 ms) and the Retry-After (4 s).
  test('retry-after-ms wins over Retry-After', async () => {
    srv.inject({ status: 503, headers: { 'retry-after-ms': '900', 'retry-after': '4' } });
    await clientFor(sdk, srv).getWorkflowById(GET);
    const [wait] = gaps(srv.requests);
    assert.ok(wait >= 895 && wait < 900 + SLACK, `wait ${wait} ms`);
  });

  test('Retry-After as an HTTP date is honoured', async () => {
    const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000); // HTTP dates have 1 s steps
    srv.inject({ status: 503, headers: { 'retry-after': at.toUTCString() } });
    const before = Date.now();
    await clientFor(sdk, srv).getWorkflowById(GET);
    const retriedAt = srv.requests[1].time;
    assert.ok(retriedAt >= at.getTime() - 50, `retried ${at.getTime() - retriedAt} ms early`);
    assert.ok(retriedAt - before < 2500 + SLACK);
  });

  test('a Retry-After beyond 60 s is not honoured: ordinary backoff applies', async () => {
    srv.inject({ status: 503, headers: { 'retry-after': '3600' } });
    await clientFor(sdk, srv).getWorkflowById(GET);
    const [wait] = gaps(srv.requests);
    assert.ok(wait < 500 + SLACK, `wait ${wait} ms`);
  });

  // That a trigger is not sent again after a dropped connection or a timeout is
  // retry-rules.test.mjs's to say.
  test('a read survives a dropped connection', async () => {
    srv.inject({ drop: true });
    const item = await clientFor(sdk, srv).getWorkflowById(GET);
    assert.equal(item.item.workflow_id, GET.workflow_id);
    assert.equal(srv.requests.length, 2);
  });

  test('timeouts are per attempt and retried for reads, then APITimeoutError', async () => {
    srv.inject({ delayMs: 2000, times: 3 });
    const t0 = Date.now();
    const err = await rejectionOf(clientFor(sdk, srv, { timeoutMs: 100 }).getWorkflowById(GET));
    assert.ok(err instanceof sdk.APITimeoutError, String(err));
    assert.match(err.message, /timed out after 100 ms/);
    assert.equal(srv.requests.length, 3);
    assert.ok(Date.now() - t0 < 3 * 100 + 1500 + SLACK);
  });

  test("the caller's signal ends a call at once, in flight or while waiting, and is not retried", async () => {
    srv.inject({ delayMs: 5000 });
    const controller = new AbortController();
    const pending = clientFor(sdk, srv).getWorkflowById(GET, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    const err = await rejectionOf(pending);
    assert.ok(err instanceof sdk.APIUserAbortError);
    assert.ok(Date.now() - t0 < 1000, 'settles at once, not after the delay');
    assert.equal(srv.requests.length, 1);
  });

  test('nothing keeps running after a call settles (a Node process exits at once)', async () => {
    const code = `
      const { LooplyClient } = await import(${JSON.stringify(ESM_ENTRY)});
      const c = new LooplyClient({ apiKey: ${JSON.stringify(srv.apiKey)}, baseUrl: ${JSON.stringify(srv.baseUrl)}, timeoutMs: 600000 });
      await c.getWorkflowById(${JSON.stringify(GET)});
      await c.getWorkflowById({ workflow_id: 'nope', workflow_version: 1 }).catch(() => {});
      const ctl = new AbortController();
      const p = c.getOrganizationExecutions({}, { signal: ctl.signal }).catch((e) => e.name);
      ctl.abort();
      console.log(await p);
    `;
    const t0 = Date.now();
    // Asynchronous: the server answering the child lives in this process.
    const { stdout: out } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], {
      timeout: 20000,
    });
    assert.equal(out.trim(), 'APIUserAbortError');
    // A leaked 600 s timer would keep the child alive until the 20 s kill.
    assert.ok(Date.now() - t0 < 10000, `child took ${Date.now() - t0} ms`);
  });
});
