// waitForExecution and triggerWorkflowAndWait against executions that move through their
// states on the local server (one state every `stateDelayMs`).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILDS, SEEDED, startServer, clientFor, pollUntil, rejectionOf, thrownBy } from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId; // has an approval step: it comes to rest waiting for a response
const pollsOf = (srv) => srv.requests.filter((r) => r.path.endsWith('/getWorkflowExecutionById')).length;

for (const [build, sdk] of BUILDS) {
  describe(`waiting for executions (${build})`, () => {
    let srv;
    let client;
    before(async () => {
      srv = await startServer({ stateDelayMs: 150 });
      client = clientFor(sdk, srv, { logLevel: 'off' });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    const trigger = async () => (await client.triggerWorkflow({ workflow_id: BIG })).looply_execution_id;
    const ids = (id) => ({ workflow_id: BIG, workflow_execution_id: id });

    // Catches a waiter that returns too early, too late, or calls onPoll for unchanged states.
    test('resolves once the execution settles; onPoll sees each state once', async () => {
      const id = await trigger();
      const states = [];
      const execution = await client.waitForExecution(ids(id), { pollIntervalMs: 30, onPoll: (x) => states.push(x.workflow_current_state) });
      assert.equal(execution.workflow_current_state, 'wait_for_response_state');
      assert.equal(execution.workflow_execution_id, id);
      assert.deepEqual(states, [...new Set(states)], 'no repeats');
      assert.equal(states.at(-1), 'wait_for_response_state');
      assert.ok(states.length >= 2, states.join());
      assert.ok(pollsOf(srv) > states.length, 'unchanged polls did not call onPoll');
      assert.deepEqual(sdk.SETTLED_STATES, ['completed_state', 'failed_state', 'wait_for_response_state']);
    });

    test('until as state names or as a predicate', async () => {
      const id = await trigger();
      const processing = await client.waitForExecution(ids(id), { pollIntervalMs: 20, until: ['processing_state'] });
      assert.equal(processing.workflow_current_state, 'processing_state');
      const byTest = await client.waitForExecution(ids(id), { pollIntervalMs: 20, until: (x) => x.workflow_current_state.startsWith('wait') });
      assert.equal(byTest.workflow_current_state, 'wait_for_response_state');
    });

    // Catches a wait without an end, or one that loses what it had seen.
    test('running out of time rejects with WaitTimeoutError carrying the last execution', async () => {
      const id = await trigger();
      const err = await rejectionOf(client.waitForExecution(ids(id), { until: ['completed_state'], timeoutMs: 400, pollIntervalMs: 40 }));
      assert.ok(err instanceof sdk.WaitTimeoutError && err instanceof sdk.LooplyError, String(err));
      assert.match(err.message, /400 ms/);
      assert.equal(err.execution.workflow_execution_id, id);
    });

    // Catches polling that goes on after the caller gave up.
    test('aborting mid-wait rejects at once and sends nothing more', async () => {
      const id = await trigger();
      const controller = new AbortController();
      // Counted where they are sent: a poll sent just before the abort may reach the server after it.
      let sent = 0;
      const counting = clientFor(sdk, srv, { logLevel: 'off', fetch: (url, init) => { sent++; return fetch(url, init); } });
      const pending = counting.waitForExecution(ids(id), { until: ['completed_state'], pollIntervalMs: 40, signal: controller.signal });
      await new Promise((r) => setTimeout(r, 120));
      controller.abort();
      const t0 = Date.now();
      const err = await rejectionOf(pending);
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      assert.ok(Date.now() - t0 < 100);
      const polls = sent;
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(sent, polls, 'no request after the abort');
      assert.ok(polls >= 1 && pollsOf(srv) <= polls, `${polls} sent, ${pollsOf(srv)} received`);
    });

    // Catches a waiter that gives up on an execution not readable yet, or never gives up.
    test('a 404 within the grace period keeps polling; after it, NotFoundError', async () => {
      const id = await trigger();
      srv.inject({ status: 404, match: 'getWorkflowExecutionById', times: 2 });
      const x = await client.waitForExecution(ids(id), { pollIntervalMs: 20 });
      assert.equal(x.workflow_current_state, 'wait_for_response_state');
      srv.reset();
      const err = await rejectionOf(client.waitForExecution(ids('no-such-execution'), { pollIntervalMs: 30, notFoundGraceMs: 200 }));
      assert.ok(err instanceof sdk.NotFoundError);
      assert.ok(pollsOf(srv) >= 3, `polled ${pollsOf(srv)} times in the grace period`);
      srv.reset();
      await rejectionOf(client.waitForExecution(ids('no-such-execution'), { notFoundGraceMs: 0 }));
      assert.equal(pollsOf(srv), 1);
    });

    // Catches a 429 that ends the wait, or a Retry-After that is not honoured.
    test('a 429 in the middle is honoured: the client retries it, and past its retries the waiter waits Retry-After', async () => {
      const id = await trigger();
      srv.inject({ status: 429, headers: { 'retry-after': '0' }, match: 'getWorkflowExecutionById' });
      assert.equal((await client.waitForExecution(ids(id), { pollIntervalMs: 20 })).workflow_current_state, 'wait_for_response_state');
      srv.reset();
      const noRetries = clientFor(sdk, srv, { maxRetries: 0, logLevel: 'off' });
      const id2 = (await noRetries.triggerWorkflow({ workflow_id: BIG })).looply_execution_id;
      srv.inject({ status: 429, headers: { 'retry-after-ms': '600' }, match: 'getWorkflowExecutionById' });
      const x = await noRetries.waitForExecution(ids(id2), { pollIntervalMs: 20 });
      assert.equal(x.workflow_current_state, 'wait_for_response_state');
      const polls = srv.requests.filter((r) => r.path.endsWith('/getWorkflowExecutionById'));
      const gap = polls[1].time - polls[0].time;
      assert.ok(gap >= 590, `waited ${gap} ms after the 429 (poll interval 20 ms)`);
    });

    // Catches Retry-After read as milliseconds (a 1 ms gap instead of a second): the test
    // above only uses retry-after-ms.
    test('Retry-After in seconds: the waiter waits that many seconds', async () => {
      const noRetries = clientFor(sdk, srv, { maxRetries: 0, logLevel: 'off' });
      const id = (await noRetries.triggerWorkflow({ workflow_id: BIG })).looply_execution_id;
      srv.inject({ status: 429, headers: { 'retry-after': '1' }, match: 'getWorkflowExecutionById' });
      await noRetries.waitForExecution(ids(id), { pollIntervalMs: 20 });
      const polls = srv.requests.filter((r) => r.path.endsWith('/getWorkflowExecutionById'));
      const gap = polls[1].time - polls[0].time;
      assert.ok(gap >= 950, `waited ${gap} ms after a Retry-After of 1 s`);
    });

    // Catches a caller's abort during a poll taken for the waiter's own deadline
    // (WaitTimeoutError instead of APIUserAbortError).
    test('an abort while a poll is in flight rejects with APIUserAbortError', async () => {
      const id = await trigger();
      srv.inject({ delayMs: 5000, match: 'getWorkflowExecutionById' });
      const controller = new AbortController();
      const pending = client.waitForExecution(ids(id), { signal: controller.signal, timeoutMs: 60_000 });
      await pollUntil(() => pollsOf(srv), (n) => n === 1); // the first poll is in flight
      controller.abort();
      const err = await rejectionOf(pending);
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      assert.ok(!(err instanceof sdk.WaitTimeoutError));
    });

    test('triggerWorkflowAndWait triggers once and waits; bad wait options send nothing', async () => {
      const { looply_execution_id, execution } = await client.triggerWorkflowAndWait({ workflow_id: BIG, payload: { n: 1 } }, { pollIntervalMs: 20 });
      assert.equal(execution.workflow_execution_id, looply_execution_id);
      assert.equal(srv.requests.filter((r) => r.method === 'POST').length, 1);
      srv.reset();
      for (const [options, param] of [
        [{ until: 'completed_state' }, 'until'],
        [{ pollIntervalMs: 0 }, 'pollIntervalMs'],
        [{ timeoutMs: 1.5 }, 'timeoutMs'],
        [{ notFoundGraceMs: -1 }, 'notFoundGraceMs'],
        [{ onPoll: 'log' }, 'onPoll'],
        [{ signal: {} }, 'signal'],
      ]) {
        const err = await rejectionOf(client.triggerWorkflowAndWait({ workflow_id: BIG }, options));
        assert.ok(err instanceof sdk.ValidationError && err.param === param, `${param}: ${err}`);
      }
      assert.equal(srv.requests.length, 0, 'nothing sent');
      const bad = await rejectionOf(client.waitForExecution({ workflow_id: BIG }));
      assert.equal(bad.param, 'workflow_execution_id');
      assert.ok(thrownBy(() => {
        throw new sdk.WaitTimeoutError('x', {});
      }) instanceof sdk.LooplyError);
    });
  });
}
