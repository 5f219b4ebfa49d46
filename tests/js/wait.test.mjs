// waitForExecution and triggerWorkflowAndWait against executions that move through their
// states on the local server (one state every `stateDelayMs`).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILDS,
  SEEDED,
  startServer,
  clientFor,
  pollUntil,
  rejectionOf,
  scriptedClient,
  thrownBy,
} from './support/harness.mjs';

const BIG = SEEDED.bigWorkflowId; // has an approval step: it comes to rest waiting for a response
/** The polls the server received (of execution `id` only, when given: a poll of an earlier test may arrive late). */
const pollsOf = (srv, id) =>
  srv.requests.filter(
    (r) => r.path.endsWith('/getWorkflowExecutionById') && (id === undefined || r.query.workflow_execution_id === id),
  ).length;

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
      const execution = await client.waitForExecution(ids(id), {
        pollIntervalMs: 30,
        onPoll: (x) => states.push(x.workflow_current_state),
      });
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
      const byTest = await client.waitForExecution(ids(id), {
        pollIntervalMs: 20,
        until: (x) => x.workflow_current_state.startsWith('wait'),
      });
      assert.equal(byTest.workflow_current_state, 'wait_for_response_state');
    });

    // Catches a wait without an end, or one that loses what it had seen.
    test('running out of time rejects with WaitTimeoutError carrying the last execution', async () => {
      const id = await trigger();
      const err = await rejectionOf(
        client.waitForExecution(ids(id), { until: ['completed_state'], timeoutMs: 400, pollIntervalMs: 40 }),
      );
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
      const counting = clientFor(sdk, srv, {
        logLevel: 'off',
        fetch: (url, init) => {
          sent++;
          return fetch(url, init);
        },
      });
      const pending = counting.waitForExecution(ids(id), {
        until: ['completed_state'],
        pollIntervalMs: 40,
        signal: controller.signal,
      });
      await new Promise((r) => setTimeout(r, 120));
      controller.abort();
      const t0 = Date.now();
      const err = await rejectionOf(pending);
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      assert.ok(Date.now() - t0 < 100);
      const polls = sent;
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(sent, polls, 'no request after the abort');
      assert.ok(polls >= 1 && pollsOf(srv, id) <= polls, `${polls} sent, ${pollsOf(srv, id)} received`);
    });

    // Catches a waiter that gives up on an execution not readable yet, or never gives up.
    test('a 404 within the grace period keeps polling; after it, NotFoundError', async () => {
      const id = await trigger();
      srv.inject({ status: 404, match: 'getWorkflowExecutionById', times: 2 });
      const x = await client.waitForExecution(ids(id), { pollIntervalMs: 20 });
      assert.equal(x.workflow_current_state, 'wait_for_response_state');
      srv.reset();
      const err = await rejectionOf(
        client.waitForExecution(ids('no-such-execution'), { pollIntervalMs: 30, notFoundGraceMs: 200 }),
      );
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
      assert.equal(
        (await client.waitForExecution(ids(id), { pollIntervalMs: 20 })).workflow_current_state,
        'wait_for_response_state',
      );
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
      await pollUntil(
        () => pollsOf(srv),
        (n) => n === 1,
      ); // the first poll is in flight
      controller.abort();
      const err = await rejectionOf(pending);
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      assert.ok(!(err instanceof sdk.WaitTimeoutError));
    });

    test('triggerWorkflowAndWait triggers once and waits; bad wait options send nothing', async () => {
      const { looply_execution_id, execution } = await client.triggerWorkflowAndWait(
        { workflow_id: BIG, payload: { n: 1 } },
        { pollIntervalMs: 20 },
      );
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
      assert.ok(
        thrownBy(() => {
          throw new sdk.WaitTimeoutError('x', {});
        }) instanceof sdk.LooplyError,
      );
    });
  });
}

// The waiter's own rules, over a scripted fetch (no server): each poll is answered by the next
// entry of `script` (the last one repeats); clocks and timers are read or frozen where a rule
// depends on them.
const EXECUTION_ID = 'e-1';
const item = (state) => ({ workflow_execution_id: EXECUTION_ID, workflow_id: 'w', workflow_current_state: state });
const answer = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const running = (headers) => answer(200, { item: item('processing_state') }, headers);
const done = () => answer(200, { item: item('completed_state') });
const notFound = () => answer(404, { message: 'Execution not found' });
/** Answers only when the request is aborted, as a poll that outlasts the wait. */
const hanging = (init) =>
  new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));

const scripted = (sdk, script) => scriptedClient(sdk, script);
const IDS = { workflow_id: 'w', workflow_execution_id: EXECUTION_ID };

/** Runs `fn` with `setTimeout` recording each delay asked for (the timers still run as asked). */
async function recordingTimers(fn) {
  const original = globalThis.setTimeout;
  const delays = [];
  globalThis.setTimeout = (f, ms, ...rest) => {
    delays.push(ms);
    return original(f, ms, ...rest);
  };
  try {
    await fn();
  } finally {
    globalThis.setTimeout = original;
  }
  return delays;
}

/** Runs `fn` with `Date.now` standing still, so that no time passes between the waiter's readings. */
async function frozenClock(fn) {
  const original = Date.now;
  const now = original();
  Date.now = () => now;
  try {
    return await fn();
  } finally {
    Date.now = original;
  }
}

/** Runs `fn` twice: with the platform's `AbortSignal.any`, and without it (the waiter's fallback). */
const SIGNAL_MODES = [
  ['AbortSignal.any', (fn) => fn()],
  [
    'without AbortSignal.any',
    async (fn) => {
      const any = AbortSignal.any;
      delete AbortSignal.any;
      try {
        return await fn();
      } finally {
        AbortSignal.any = any;
      }
    },
  ],
];

for (const [build, sdk] of BUILDS) {
  describe(`the waiter's rules over a scripted fetch (${build})`, () => {
    // Catches a check that lets a bad option through, or one that refuses a good value at its
    // boundary, or a message that no longer names the parameter and its rule.
    test('each bad option is refused with its message, and nothing is sent', async () => {
      const { client, calls } = scripted(sdk, [done]);
      const ms = (min) => `must be a whole number of milliseconds (${min} or more)`;
      for (const [options, param, rule] of [
        [null, 'options', 'must be an object'],
        ['fast', 'options', 'must be an object'],
        [{ until: 'completed_state' }, 'until', 'must be an array of state names or a function'],
        [{ until: ['completed_state', 1] }, 'until', 'must be an array of state names or a function'],
        [{ signal: null }, 'signal', 'must be an AbortSignal'],
        [{ signal: { aborted: false } }, 'signal', 'must be an AbortSignal'],
        [{ signal: { addEventListener() {} } }, 'signal', 'must be an AbortSignal'],
        [{ onPoll: 'log' }, 'onPoll', 'must be a function'],
        [{ pollIntervalMs: 0 }, 'pollIntervalMs', ms(1)],
        [{ pollIntervalMs: '5' }, 'pollIntervalMs', ms(1)],
        [{ timeoutMs: 2 ** 53 }, 'timeoutMs', ms(1)],
        [{ timeoutMs: 0 }, 'timeoutMs', ms(1)],
        [{ notFoundGraceMs: -1 }, 'notFoundGraceMs', ms(0)],
        [{ notFoundGraceMs: 1.5 }, 'notFoundGraceMs', ms(0)],
      ]) {
        const err = await rejectionOf(client.waitForExecution(IDS, options));
        assert.ok(err instanceof sdk.ValidationError, `${param}: ${err}`);
        assert.equal(err.param, param);
        assert.equal(err.message, `${param} ${rule}`);
      }
      assert.equal(calls.length, 0, 'nothing sent');
      const atTheirLimits = {
        pollIntervalMs: 1,
        timeoutMs: 1000,
        notFoundGraceMs: 0,
        signal: new AbortController().signal,
        onPoll: () => {},
        until: ['completed_state'],
      };
      assert.equal((await client.waitForExecution(IDS, atTheirLimits)).workflow_current_state, 'completed_state');
    });

    // Catches defaults lost: a poll interval other than about a second, no grace for a 404
    // right after a trigger, a deadline other than five minutes.
    test('the defaults: about a second between polls, a 404 grace, five minutes in all', async () => {
      const { client } = scripted(sdk, [running, done]);
      const delays = await recordingTimers(() => client.waitForExecution(IDS));
      assert.ok(delays.includes(300_000), `the deadline: ${delays}`);
      assert.ok(
        delays.some((d) => d >= 900 && d <= 1100),
        `a poll interval of about a second: ${delays}`,
      );
      const late = scripted(sdk, [notFound, done]);
      const before = Date.now();
      assert.equal(
        (await late.client.waitForExecution(IDS, { pollIntervalMs: 1 })).workflow_current_state,
        'completed_state',
      );
      assert.ok(Date.now() - before < 10_000 && late.calls.length === 2);
      const tooLong = scripted(sdk, [() => running({ 'retry-after-ms': '300001' })]);
      const err = await rejectionOf(frozenClock(() => tooLong.client.waitForExecution(IDS)));
      assert.match(
        err.message,
        /^The execution did not settle within 300000 ms: .* longer than the 300000 ms the wait had left\.$/,
      );
    });

    // Catches the jitter computed wrongly: the wait is the interval times 0.9 to 1.1.
    test('the wait between polls is the interval times 0.9 + 0.2 × a random number', async () => {
      const random = Math.random;
      for (const [r, expected] of [
        [0.25, 190],
        [0, 180],
        [1, 220],
      ]) {
        Math.random = () => r;
        try {
          const { client } = scripted(sdk, [running, done]);
          const delays = await recordingTimers(() => client.waitForExecution(IDS, { pollIntervalMs: 200 }));
          assert.ok(delays.includes(expected), `random ${r}: ${expected} ms expected among ${delays}`);
        } finally {
          Math.random = random;
        }
      }
    });

    // Catches a wait the server asked for that is ignored after a success.
    test('a Retry-After on an unsettled execution replaces the poll interval', async () => {
      const { client } = scripted(sdk, [() => running({ 'retry-after-ms': '70' }), done]);
      const delays = await recordingTimers(() => client.waitForExecution(IDS, { pollIntervalMs: 5000 }));
      assert.ok(delays.includes(70), `${delays}`);
    });

    // Catches a grace compared with <= (a 404 with no grace at all polled again), or the
    // grace measured from the wrong moment.
    test('with no grace, a 404 ends the wait after one poll, even if no time has passed', async () => {
      const { client, calls } = scripted(sdk, [notFound]);
      const err = await rejectionOf(
        frozenClock(() => client.waitForExecution(IDS, { notFoundGraceMs: 0, pollIntervalMs: 1, timeoutMs: 500 })),
      );
      assert.ok(err instanceof sdk.NotFoundError, String(err));
      assert.equal(calls.length, 1);
      const graced = scripted(sdk, [notFound, notFound, done]);
      const x = await frozenClock(() => graced.client.waitForExecution(IDS, { notFoundGraceMs: 1, pollIntervalMs: 1 }));
      assert.equal(x.workflow_current_state, 'completed_state');
    });

    // Catches the time left computed wrongly, a wait of exactly the time left refused, or a
    // message that misstates either figure.
    test('a requested wait longer than the time left is refused at once, one exactly as long is not', async () => {
      const longer = scripted(sdk, [() => running({ 'retry-after-ms': '1001' })]);
      const err = await rejectionOf(frozenClock(() => longer.client.waitForExecution(IDS, { timeoutMs: 1000 })));
      assert.ok(err instanceof sdk.WaitTimeoutError, String(err));
      assert.equal(
        err.message,
        'The execution did not settle within 1000 ms: the server asked for a wait of 1001 ms, longer than the 1000 ms the wait had left.',
      );
      assert.equal(err.retryAfterMs, 1001);
      assert.equal(err.execution.workflow_current_state, 'processing_state');
      assert.equal(longer.calls.length, 1);
      const exact = scripted(sdk, [() => running({ 'retry-after-ms': '80' }), done]);
      const outcome = await frozenClock(() => exact.client.waitForExecution(IDS, { timeoutMs: 80 }).catch((e) => e));
      assert.doesNotMatch(
        String(outcome.message ?? ''),
        /server asked/,
        'a wait of exactly the time left is not refused',
      );
    });

    // Catches triggerWorkflowAndWait that needs its options, waits for another execution than
    // the one it triggered, or sends the trigger although the caller's signal is aborted.
    test('triggerWorkflowAndWait: no options needed; it waits for the execution it triggered; an aborted signal sends nothing', async () => {
      const triggered = () => answer(200, { message: 'Workflow triggered', looply_execution_id: EXECUTION_ID });
      const { client, calls } = scripted(sdk, [triggered, done]);
      const result = await client.triggerWorkflowAndWait({ workflow_id: 'w' });
      assert.deepEqual(result, { looply_execution_id: EXECUTION_ID, execution: item('completed_state') });
      assert.match(
        calls[1],
        /[?&]workflow_id=w&workflow_execution_id=e-1$/,
        'the poll asks for the triggered execution',
      );
      const aborted = scripted(sdk, [triggered, done]);
      const err = await rejectionOf(
        aborted.client.triggerWorkflowAndWait({ workflow_id: 'w' }, { signal: AbortSignal.abort() }),
      );
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      assert.equal(aborted.calls.length, 0, 'the trigger was not sent');
    });

    for (const [mode, inMode] of SIGNAL_MODES) {
      // Catches the deadline, reached during a poll, taken for the caller's abort (or the
      // caller's absent signal read as if it were there).
      test(`the deadline during a poll ends the wait with WaitTimeoutError (${mode})`, async () => {
        for (const signal of [undefined, new AbortController().signal]) {
          const { client } = scripted(sdk, [hanging]);
          const err = await inMode(() => rejectionOf(client.waitForExecution(IDS, { timeoutMs: 60, signal })));
          assert.ok(err instanceof sdk.WaitTimeoutError, `${signal ? 'with' : 'without'} a signal: ${err}`);
          assert.equal(err.message, 'The execution did not settle within 60 ms.');
          assert.equal(err.execution, undefined);
        }
      });

      // Catches the deadline during the sleep between polls taken for an abort, or the end of
      // that sleep not noticed.
      test(`the deadline between polls ends the wait with the last execution (${mode})`, async () => {
        for (const signal of [undefined, new AbortController().signal]) {
          const { client, calls } = scripted(sdk, [running]);
          const t0 = Date.now();
          const err = await inMode(() =>
            rejectionOf(client.waitForExecution(IDS, { timeoutMs: 60, pollIntervalMs: 60_000, signal })),
          );
          assert.ok(err instanceof sdk.WaitTimeoutError, String(err));
          assert.equal(err.execution.workflow_current_state, 'processing_state');
          assert.equal(calls.length, 1);
          assert.ok(Date.now() - t0 < 5000);
        }
      });

      // Catches the caller's abort during that sleep taken for the deadline, or not noticed.
      test(`the caller's abort between polls rejects with APIUserAbortError (${mode})`, async () => {
        const { client, calls } = scripted(sdk, [running]);
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 30);
        const err = await inMode(() =>
          rejectionOf(client.waitForExecution(IDS, { pollIntervalMs: 60_000, signal: controller.signal })),
        );
        assert.ok(err instanceof sdk.APIUserAbortError, String(err));
        assert.equal(err.message, 'The wait was aborted.');
        assert.equal(calls.length, 1);
      });

      // Catches a wait that leaves its listener on the caller's signal (a long-lived signal,
      // such as a page's, would keep every finished wait's deadline).
      test(`a finished wait leaves no listener on the caller's signal (${mode})`, async () => {
        for (const script of [[done], [running]]) {
          const { client } = scripted(sdk, script);
          const { signal } = new AbortController();
          const listening = new Set();
          const add = signal.addEventListener.bind(signal);
          const remove = signal.removeEventListener.bind(signal);
          signal.addEventListener = (type, fn, ...rest) => {
            if (type === 'abort') listening.add(fn);
            add(type, fn, ...rest);
          };
          signal.removeEventListener = (type, fn, ...rest) => {
            if (type === 'abort') listening.delete(fn);
            remove(type, fn, ...rest);
          };
          const waited = client.waitForExecution(IDS, { signal, timeoutMs: 60, pollIntervalMs: 60_000 });
          await inMode(() => waited.catch(() => undefined)); // settled, or out of time
          assert.equal(listening.size, 0, `${script[0].name}: ${listening.size} listener(s) left`);
        }
      });

      // Catches a signal aborted before the wait that is not seen as aborted.
      test(`a signal aborted before the wait: APIUserAbortError, nothing sent (${mode})`, async () => {
        const { client, calls } = scripted(sdk, [running]);
        const err = await inMode(() => rejectionOf(client.waitForExecution(IDS, { signal: AbortSignal.abort() })));
        assert.ok(err instanceof sdk.APIUserAbortError, String(err));
        assert.equal(calls.length, 0);
      });
    }
  });
}
