// The workflow toolkit of the client (issue 26): watchExecution, maxConcurrency, the pause of a
// whole client after a 429, triggerMany and an apiKey function; against the local server and
// over scripted fetches that record what was sent and when.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_SLOT, keyed } from '../../pkg-template/src/traffic.js';
import { BUILDS, SEEDED, clientFor, rejectionOf, scriptedClient, startServer, thrownBy } from './support/harness.mjs';

const W = SEEDED.bigWorkflowId;
const ITEM = { message: 'success', item: { workflow_id: 'w', workflow_version: 1 } };
const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const delay = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [build, sdk] of BUILDS) {
  describe(`watchExecution (${build})`, () => {
    let srv;
    before(async () => {
      srv = await startServer({ stateDelayMs: 40 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    // Catches a watch that yields every poll (not each change), misses the end, or goes on after it.
    test('yields the execution each time it changed, ending with the settled one', async () => {
      const client = clientFor(sdk, srv);
      const { looply_execution_id } = await client.triggerWorkflow({ workflow_id: W });
      const ids = { workflow_id: W, workflow_execution_id: looply_execution_id };
      const seen = [];
      for await (const execution of client.watchExecution(ids, { pollIntervalMs: 10 })) seen.push(execution);
      assert.ok(seen.length >= 2, `${seen.length} executions`);
      assert.equal(seen.at(-1).workflow_current_state, 'wait_for_response_state');
      for (let i = 1; i < seen.length; i++) {
        const [a, b] = [seen[i - 1], seen[i]];
        const same =
          a.workflow_current_state === b.workflow_current_state &&
          JSON.stringify(a.workflow_event_log) === JSON.stringify(b.workflow_event_log);
        assert.ok(!same, `yield ${i} repeats the one before`);
      }
      const polls = srv.requests.filter((r) => r.path.includes('getWorkflowExecutionById')).length;
      assert.ok(polls >= seen.length, `${polls} polls for ${seen.length} yields`);
      await delay(60);
      const after = srv.requests.filter((r) => r.path.includes('getWorkflowExecutionById')).length;
      assert.equal(after, polls, 'it polled after the end');
    });

    // Catches a break that leaves the polling running in the background.
    test('breaking out stops the polling at once; an abort rejects with APIUserAbortError', async () => {
      const client = clientFor(sdk, srv);
      const { looply_execution_id } = await client.triggerWorkflow({ workflow_id: W });
      const ids = { workflow_id: W, workflow_execution_id: looply_execution_id };
      for await (const execution of client.watchExecution(ids, { pollIntervalMs: 20 })) {
        assert.equal(typeof execution.workflow_current_state, 'string');
        break;
      }
      const polls = () => srv.requests.filter((r) => r.path.includes('getWorkflowExecutionById')).length;
      const stopped = polls();
      await delay(100);
      assert.equal(polls(), stopped, 'a poll after the break');

      const controller = new AbortController();
      const err = await rejectionOf(
        (async () => {
          for await (const _ of client.watchExecution(ids, {
            pollIntervalMs: 20,
            until: [],
            signal: controller.signal,
          }))
            controller.abort();
        })(),
      );
      assert.ok(err instanceof sdk.APIUserAbortError, err?.name);
    });

    // Catches options checked only once the loop starts (or not at all).
    test('bad options are a ValidationError at the call, before any request', () => {
      const client = clientFor(sdk, srv);
      const ids = { workflow_id: W, workflow_execution_id: 'x' };
      assert.equal(thrownBy(() => client.watchExecution(ids, { pollIntervalMs: 0 })).param, 'pollIntervalMs');
      assert.equal(thrownBy(() => client.watchExecution(ids, { untill: [] })).param, 'untill');
      assert.equal(srv.requests.length, 0);
    });

    // Catches a change of the event log alone (or of the state alone) not yielded, a repeat
    // yielded, a first read without a state lost, and onPoll not called for each yield.
    test('a change of the state or of the event log alone is yielded, each with onPoll; a repeat is not', async () => {
      const read = (state, log) => ({
        message: 'success',
        item: { workflow_id: 'w', workflow_execution_id: 'e', workflow_current_state: state, workflow_event_log: log },
      });
      const reads = [
        read(undefined, []), // the first read, without a state yet
        read('run_state', []),
        read('run_state', []), // a repeat
        read('run_state', [{ e: 1 }]), // the event log alone
        read('paused_state', [{ e: 1 }]), // the state alone
        read('completed_state', [{ e: 1 }]),
      ];
      const { client } = scriptedClient(
        sdk,
        reads.map((body) => () => json(200, body)),
      );
      const polled = [];
      const seen = [];
      const ids = { workflow_id: 'w', workflow_execution_id: 'e' };
      const options = { pollIntervalMs: 1, onPoll: (e) => polled.push(e) };
      for await (const e of client.watchExecution(ids, options)) seen.push(e);
      const states = seen.map((e) => `${e.workflow_current_state}/${e.workflow_event_log.length}`);
      assert.deepEqual(states, ['undefined/0', 'run_state/0', 'run_state/1', 'paused_state/1', 'completed_state/1']);
      assert.deepEqual(polled, seen);
    });
  });

  describe(`traffic control (${build})`, () => {
    // Catches a limit that lets more calls run at once, or lets waiting calls jump the queue.
    test('maxConcurrency: at most that many calls in flight, the others in order', async () => {
      let inFlight = 0;
      let most = 0;
      const order = [];
      const answer = async (init) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay(30);
        inFlight--;
        return json(200, ITEM);
      };
      const { client, calls } = scriptedClient(sdk, [answer], { maxConcurrency: 2 });
      await Promise.all(
        [1, 2, 3, 4, 5].map((v) =>
          client.getWorkflowById({ workflow_id: 'w', workflow_version: v }).then(() => order.push(v)),
        ),
      );
      assert.equal(most, 2);
      assert.deepEqual(
        calls.map((u) => new URL(u).searchParams.get('workflow_version')),
        ['1', '2', '3', '4', '5'],
      );
      assert.equal(order.length, 5);
      assert.equal(thrownBy(() => scriptedClient(sdk, [answer], { maxConcurrency: 0 })).param, 'maxConcurrency');
    });

    // Catches a queued call that cannot be aborted, or an abort that loses its place for others.
    test('a call waiting for its turn is aborted by its signal; nothing is sent and the queue goes on', async () => {
      const slow = async () => {
        await delay(50);
        return json(200, ITEM);
      };
      const { client, calls } = scriptedClient(sdk, [slow], { maxConcurrency: 1 });
      const controller = new AbortController();
      const first = client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      const queued = client.getWorkflowById({ workflow_id: 'w', workflow_version: 2 }, { signal: controller.signal });
      const third = client.getWorkflowById({ workflow_id: 'w', workflow_version: 3 });
      controller.abort();
      const err = await rejectionOf(queued);
      assert.ok(err instanceof sdk.APIUserAbortError, err?.name);
      await Promise.all([first, third]);
      assert.deepEqual(
        calls.map((u) => new URL(u).searchParams.get('workflow_version')),
        ['1', '3'],
      );
    });

    // Catches an abort that the queue does not hear (the call would be refused only once its
    // turn came, by the core), and a place that is not given back when a call ends.
    test('an abort while waiting is refused at once; a signal already aborted is refused at once; places come back', async () => {
      const slow = async () => {
        await delay(300);
        return json(200, ITEM);
      };
      const { client, calls } = scriptedClient(sdk, [slow], { maxConcurrency: 1 });
      const t0 = Date.now();
      const first = client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      const controller = new AbortController();
      const queued = client.getWorkflowById({ workflow_id: 'w', workflow_version: 2 }, { signal: controller.signal });
      const already = client.getWorkflowById(
        { workflow_id: 'w', workflow_version: 3 },
        { signal: AbortSignal.abort() },
      );
      setTimeout(() => controller.abort(), 20);
      const refused = [queued, already].map((call) => rejectionOf(call).then((err) => [err, Date.now() - t0]));
      for (const [err, ms] of await Promise.all(refused)) {
        assert.match(err.message, /waited for its turn/);
        assert.ok(ms < 250, `refused after ${ms} ms, once the call ahead ended`);
      }
      await first;
      // Two batches of one through a limit of one: the place comes back after each.
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 4 });
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 5 });
      assert.equal(calls.length, 3);
      const two = scriptedClient(sdk, [() => json(200, ITEM)], { maxConcurrency: 2 });
      for (let round = 0; round < 3; round++) {
        await Promise.all([1, 2].map((v) => two.client.getWorkflowById({ workflow_id: 'w', workflow_version: v })));
      }
      assert.equal(two.calls.length, 6);
    });

    // Catches a 429 that slows down only the call that received it.
    test("a 429's Retry-After pauses every call of the client", async () => {
      const sent = [];
      const t0 = Date.now();
      let n = 0;
      const answer = async () => {
        sent.push(Date.now() - t0);
        return n++ === 0 ? json(429, { message: 'slow down' }, { 'retry-after-ms': '200' }) : json(200, ITEM);
      };
      const { client } = scriptedClient(sdk, [answer], { maxRetries: 1 });
      const first = client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      await delay(20);
      const second = client.getWorkflowById({ workflow_id: 'w', workflow_version: 2 });
      await Promise.all([first, second]);
      assert.equal(sent.length, 3);
      assert.ok(sent[1] >= 190 && sent[2] >= 190, `the other call went out at ${sent.slice(1)} ms`);
    });
  });

  describe(`which answers pause the client (${build})`, () => {
    /** When the second call went out, after a first whose answer is `first`. */
    async function secondCallAt(first, options = {}) {
      const sent = [];
      const t0 = Date.now();
      let n = 0;
      const answer = async () => {
        sent.push(Date.now() - t0);
        return n++ === 0 ? first() : json(200, ITEM);
      };
      const { client } = scriptedClient(sdk, [answer], { maxRetries: 0, ...options });
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 }).catch(() => {});
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 2 });
      return sent[1];
    }

    // Catches a pause taken from answers other than a 429, a Retry-After in seconds that is
    // not read, or a wait over a minute that stalls the client.
    test('a 503 asking for a wait pauses only its call; a 429 in seconds pauses the client; over 60 s is ignored', async () => {
      assert.ok((await secondCallAt(() => json(503, { message: 'busy' }, { 'retry-after-ms': '300' }))) < 250);
      assert.ok((await secondCallAt(() => json(429, { message: 'slow' }, { 'retry-after': '1' }))) >= 900);
      assert.ok((await secondCallAt(() => json(429, { message: 'slow' }, { 'retry-after-ms': '61000' }))) < 250);
    });

    // Catches the minute's bound taken as exclusive: a wait of exactly 60 s pauses the client
    // (the second call, aborted after 200 ms, never goes out).
    test('a 429 asking for exactly 60 s pauses the client', async () => {
      let sent = 0;
      const answer = async () =>
        sent++ === 0 ? json(429, { message: 'slow' }, { 'retry-after-ms': '60000' }) : json(200, ITEM);
      const { client } = scriptedClient(sdk, [answer], { maxRetries: 0 });
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 }).catch(() => {});
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const second = client.getWorkflowById({ workflow_id: 'w', workflow_version: 2 }, { signal: controller.signal });
      const err = await rejectionOf(second);
      assert.ok(err instanceof sdk.APIUserAbortError, String(err));
      assert.equal(sent, 1);
    });
  });

  describe(`triggerMany (${build})`, () => {
    let srv;
    before(async () => {
      srv = await startServer({ stateDelayMs: 40 });
    });
    after(() => srv.close());
    beforeEach(() => srv.reset());

    // Catches results out of order, a failure that rejects the whole batch, or a trigger sent twice.
    test('settled results in the order of the items; each trigger sent at most once', async () => {
      const client = clientFor(sdk, srv, { maxRetries: 2 });
      srv.inject({ match: 'triggerworkflow', status: 500, body: { message: 'boom' } });
      const items = [
        { workflow_id: W },
        { workflow_id: '' },
        { workflow_id: W },
        { workflow_id: W },
        { workflow_id: W },
      ];
      const results = await client.triggerMany(items, { concurrency: 2 });
      assert.equal(results.length, 5);
      assert.equal(results[1].status, 'rejected');
      assert.equal(results[1].reason.param, 'workflow_id');
      const failed = results.filter((r) => r.status === 'rejected' && r.reason instanceof sdk.InternalServerError);
      assert.equal(failed.length, 1, 'the 500 is one trigger failing, not retried');
      const ok = results.filter((r) => r.status === 'fulfilled');
      assert.equal(ok.length, 3);
      for (const r of ok) assert.equal(typeof r.value.looply_execution_id, 'string');
      const sent = srv.requests.filter((r) => r.path.includes('triggerworkflow'));
      assert.equal(sent.length, 4, 'four valid items, each sent once');
      const bad = await rejectionOf(client.triggerMany(items, { concurrency: 0 }));
      assert.equal(bad.param, 'concurrency');
      assert.equal((await rejectionOf(client.triggerMany('w'))).param, 'items');
    });
  });

  describe(`triggerMany's options (${build})`, () => {
    const triggered = (init) => json(200, { message: 'success', looply_execution_id: `e-${init.body}` });

    // Catches a concurrency that is not kept, options not checked (or checked with the wrong
    // words), or a signal that does not reach the triggers.
    test('concurrency is kept and bounded; bad options say what is wrong; the signal reaches each trigger', async () => {
      let inFlight = 0;
      let most = 0;
      const slow = async (init) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay(20);
        inFlight--;
        return triggered(init);
      };
      const { client, calls } = scriptedClient(sdk, [slow]);
      const items = [1, 2, 3, 4, 5].map((n) => ({ workflow_id: 'w', payload: { n } }));
      const results = await client.triggerMany(items, { concurrency: 2 });
      assert.equal(most, 2);
      assert.equal(calls.length, 5);
      assert.deepEqual(
        results.map((r) => r.status),
        Array(5).fill('fulfilled'),
      );
      assert.deepEqual(await client.triggerMany([]), []);
      for (const concurrency of [1, 1000])
        assert.equal((await client.triggerMany(items.slice(0, 1), { concurrency })).length, 1);
      for (const [options, param, message] of [
        [null, 'options', 'options must be an object'],
        ['fast', 'options', 'options must be an object'],
        [{ concurrency: 0 }, 'concurrency', 'concurrency must be a whole number from 1 to 1000'],
        [{ concurrency: 1001 }, 'concurrency', 'concurrency must be a whole number from 1 to 1000'],
        [{ concurrency: 1.5 }, 'concurrency', 'concurrency must be a whole number from 1 to 1000'],
        [{ concurency: 2 }, 'concurency', "unknown option 'concurency'; did you mean 'concurrency'?"],
      ]) {
        const err = await rejectionOf(client.triggerMany(items, options));
        assert.ok(err instanceof sdk.ValidationError, String(err));
        assert.deepEqual([err.param, err.message], [param, message]);
      }
      const notList = await rejectionOf(client.triggerMany('w'));
      assert.deepEqual(
        [notList.param, notList.message],
        ['items', 'items must be an array of triggerWorkflow parameters'],
      );
      const before = calls.length;
      const aborted = await client.triggerMany(items, { signal: AbortSignal.abort() });
      assert.ok(aborted.every((r) => r.status === 'rejected' && r.reason instanceof sdk.APIUserAbortError));
      assert.equal(calls.length, before, 'an aborted batch sent something');
    });
  });

  describe(`an apiKey function (${build})`, () => {
    // Catches a key read once (no rotation), a failure that still sends, or a key that reaches a log line.
    test('asked before every attempt; what it throws rejects with a LooplyError and sends nothing; never logged', async () => {
      const keys = ['sk-rotated-1111', 'sk-rotated-2222'];
      const lines = [];
      const logger = {
        error: (l) => lines.push(l),
        warn: (l) => lines.push(l),
        info: (l) => lines.push(l),
        debug: (l) => lines.push(l),
      };
      const seen = [];
      const answers = [
        (init) => {
          seen.push(init.headers.get('x-api-key'));
          return json(503, { message: `busy for ${init.headers.get('x-api-key')}` });
        },
        (init) => {
          seen.push(init.headers.get('x-api-key'));
          return json(200, ITEM);
        },
      ];
      let asked = 0;
      const apiKey = async () => keys[asked++];
      const { client, calls } = scriptedClient(sdk, answers, { apiKey, maxRetries: 1, logLevel: 'debug', logger });
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.deepEqual(seen, keys);
      assert.equal(asked, 2);
      for (const key of keys) assert.ok(!lines.some((l) => l.includes(key)), `${key} in a log line`);

      const failing = scriptedClient(sdk, answers, {
        apiKey: () => {
          throw new Error('vault down');
        },
      });
      const err = await rejectionOf(failing.client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 }));
      assert.ok(err instanceof sdk.LooplyError && !(err instanceof sdk.APIError), err?.name);
      assert.match(err.message, /apiKey function failed/);
      assert.equal(err.cause?.message, 'vault down');
      assert.equal(failing.calls.length, 0, 'sent without a key');
      for (const bad of ['', 42, 'a\nb', 'x'.repeat(8193)]) {
        const wrong = scriptedClient(sdk, answers, { apiKey: () => bad });
        const e2 = await rejectionOf(wrong.client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 }));
        assert.match(e2.message, /must give a non-empty string/, JSON.stringify(bad).slice(0, 20));
        assert.equal(wrong.calls.length, 0);
      }
      // withOptions keeps the function (a copy does not freeze the key it had).
      const other = client.withOptions({ maxRetries: 0 });
      asked = 0;
      await other.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.equal(calls.length, 3);
      assert.equal(seen.at(-1), keys[0]);
    });
  });
}

// Catches a state table that drifts between the package, its CLI and the console (one table, exported).
test('stateLabel: the states in words, an unknown one made readable, nothing for no state', () => {
  for (const [, sdk] of BUILDS) {
    assert.equal(sdk.stateLabel('wait_for_response_state'), 'Waiting for response');
    assert.equal(sdk.stateLabel('completed_state'), 'Completed');
    assert.equal(sdk.stateLabel('start_state'), 'Started');
    assert.equal(sdk.stateLabel('processing_state'), 'Processing');
    assert.equal(sdk.stateLabel('on_hold_state'), 'On hold');
    // Made readable: only a trailing `_state` dropped, a run of separators one space, the ends trimmed.
    assert.equal(sdk.stateLabel('my_state_machine_state'), 'My state machine');
    assert.equal(sdk.stateLabel('on__hold-_state'), 'On hold');
    assert.equal(sdk.stateLabel('_odd_state'), 'Odd');
    assert.equal(sdk.stateLabel('constructor'), 'Constructor');
    assert.equal(sdk.stateLabel(''), '');
    assert.equal(sdk.stateLabel(undefined), '');
  }
});

// Catches a key function's key put over another attempt's (a redirect is the same attempt, the
// same init: it keeps the key it started with, even when the lane has a newer one by then).
test('keyed: fills the slot once an attempt; a redirect keeps the key it started with', async () => {
  const lane = { key: 'sk-first-11' };
  const sent = [];
  const fetch = keyed(lane, async (url, init) => {
    sent.push(init.headers.get('x-api-key'));
    return new Response('{}');
  });
  const init = { headers: new Headers({ 'x-api-key': KEY_SLOT }) };
  await fetch('http://127.0.0.1:9/v1/a', init);
  lane.key = 'sk-second-22';
  await fetch('http://127.0.0.1:9/v1/b', init); // the redirect's hop
  await fetch('http://127.0.0.1:9/v1/c', { headers: new Headers({ 'x-api-key': KEY_SLOT }) });
  assert.deepEqual(sent, ['sk-first-11', 'sk-first-11', 'sk-second-22']);
});
