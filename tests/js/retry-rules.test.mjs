// Which calls are sent again after which failures, counted at the server, and what a
// caller's AbortSignal carries after the calls that shared it.
//
// Catches: a trigger, resume or action sent twice after a failure that may already have
// run it (408, 5xx, a dropped connection, a timeout) — a second execution would start; a
// read that gives up on one of them; a listener left on the caller's signal per call or
// per retry wait (20 calls and Node prints MaxListenersExceededWarning).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { BUILDS, ENDPOINT_CALLS, SEEDED, startServer, clientFor, rejectionOf } from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId;
const NOW = { 'retry-after-ms': '0' };
const TIMEOUT_MS = 100;
/** The client's timeout for a failure: short only where the failure is the timeout (a busy machine can take 100 ms to answer). */
const timeoutFor = (failure) => (failure.fault.delayMs ? TIMEOUT_MS : 10_000);

/** Each transient failure: the fault that makes it, and the class the call ends with. */
const FAILURES = [
  ...[408, 500, 502, 503, 504].map((status) => ({
    name: String(status),
    fault: { status, headers: NOW },
    error: status === 408 ? 'APIError' : 'InternalServerError',
  })),
  { name: 'a dropped connection', fault: { drop: true }, error: 'APIConnectionError' },
  { name: 'a timeout', fault: { delayMs: 3000 }, error: 'APITimeoutError' },
];

/** The non-idempotent calls (trigger, resume, any action) and every read (and the idempotent schedule toggle). */
const NON_IDEMPOTENT = ENDPOINT_CALLS.filter((call) => !call.idempotent);
const READS = ENDPOINT_CALLS.filter((call) => call.idempotent);

const countTo = (srv, fragment) => srv.requests.filter((r) => r.path.includes(fragment)).length;

for (const [build, sdk] of BUILDS) {
  describe(`retry rules (${build})`, () => {
    let srv;
    before(async () => {
      srv = await startServer({ stateDelayMs: 50 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    for (const failure of FAILURES) {
      test(`trigger, resume and action meet ${failure.name}: sent once, twice only with retryNonIdempotent`, async () => {
        const client = clientFor(sdk, srv, { timeoutMs: timeoutFor(failure), maxRetries: 1 });
        assert.deepEqual(
          NON_IDEMPOTENT.map((call) => call.method),
          ['triggerWorkflow', 'resumeWorkflow', 'runWorkflowAction'],
        );
        for (const { method, params, path: fragment } of NON_IDEMPOTENT) {
          for (const [options, sent] of [
            [{}, 1],
            [{ retryNonIdempotent: true }, 2],
          ]) {
            srv.reset();
            srv.inject({ ...failure.fault, match: fragment, times: 2 });
            const err = await rejectionOf(client[method](params, options));
            assert.equal(err?.name, failure.error, `${method} ${JSON.stringify(options)}: ${err}`);
            assert.equal(countTo(srv, fragment), sent, `${method} ${JSON.stringify(options)}`);
          }
        }
      });

      test(`every read meets ${failure.name} and is sent again`, async () => {
        const client = clientFor(sdk, srv, { timeoutMs: timeoutFor(failure), maxRetries: 1 });
        assert.ok(READS.length >= 7, 'the reads and the toggle');
        srv.inject(READS.map(({ path }) => ({ ...failure.fault, match: path, times: 2 })));
        const errors = await Promise.all(READS.map(({ method, params }) => rejectionOf(client[method](params))));
        READS.forEach(({ method, path }, i) => {
          assert.equal(errors[i]?.name, failure.error, `${method}: ${errors[i]}`);
          assert.equal(countTo(srv, path), 2, method);
        });
      });
    }

    test('one AbortSignal shared by 100 sequential calls, retries and a paginator walk keeps no listener', async () => {
      const warnings = [];
      const onWarning = (w) => warnings.push(`${w.name}: ${w.message}`);
      process.on('warning', onWarning);
      try {
        const { signal } = new AbortController();
        const client = clientFor(sdk, srv);
        const get = { workflow_id: BIG, workflow_version: SEEDED.bigWorkflowVersion };
        for (let i = 0; i < 100; i++) await client.getWorkflowById(get, { signal });
        assert.equal(getEventListeners(signal, 'abort').length, 0, 'after 100 calls');
        // Retries wait on the signal too: each wait must let go of it.
        for (let i = 0; i < 12; i++) {
          srv.inject({ status: 503, headers: { 'retry-after-ms': '1' }, times: 2 });
          await client.getOrganizationWorkflows({ limit: 1 }, { signal });
        }
        assert.equal(srv.requests.length, 100 + 36);
        assert.equal(getEventListeners(signal, 'abort').length, 0, 'after retried calls');
        const items = await client.paginateOrganizationExecutions({ limit: 20 }, { signal }).toArray();
        assert.ok(items.length > 200, `walked ${items.length}`);
        assert.equal(getEventListeners(signal, 'abort').length, 0, 'after a walk');
        await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on a later tick
        assert.deepEqual(warnings, []);
      } finally {
        process.off('warning', onWarning);
      }
    });
  });
}
