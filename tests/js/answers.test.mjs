// The core answers a failed call's error descriptor (a `CoreFailure`, pkg-template/src/transport.js)
// rather than throwing it, and the entry tells it apart from a response body by its class. Catches
// a check by the descriptor's fields instead (`looplyError`, `message`): a service's body that
// has them would be thrown as an error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILDS } from './support/harness.mjs';

/** A fetch that answers every request with `body` as JSON, status 200. */
const answering = (body) => async () =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

for (const [build, sdk] of BUILDS) {
  describe(`the core's answers (${build} build)`, () => {
    const params = { workflow_id: 'w', workflow_version: 1 };

    test("a body with an error descriptor's fields is the call's result", async () => {
      const body = { message: 'success', looplyError: 3, param: 'x', item: { workflow_id: 'w' } };
      const client = new sdk.LooplyClient({ apiKey: 'k', fetch: answering(body), logLevel: 'off' });
      assert.deepEqual(await client.getWorkflowById(params), body);
    });

    test('a failure is still thrown as its class, before and after a response', async () => {
      const client = new sdk.LooplyClient({ apiKey: 'k', fetch: answering({ message: 'm' }), logLevel: 'off' });
      await assert.rejects(client.getWorkflowById({ ...params, workflow_id: '' }), sdk.ValidationError);
      await assert.rejects(client.getWorkflowById(params), sdk.ResponseDecodeError);
    });
  });
}
