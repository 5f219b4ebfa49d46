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

    // The paginator's exports (`__paginate`, `__next`, `__accept`) and the core's constructor
    // (`__new`) answer their failures too.
    test("a page with an error descriptor's fields is a page of the walk", async () => {
      const items = [{ workflow_id: 'w', workflow_version: 1 }];
      const page = { message: 'success', looplyError: 3, param: 'x', items, lastKey: null };
      const client = new sdk.LooplyClient({ apiKey: 'k', fetch: answering(page), logLevel: 'off' });
      const walk = client.paginateOrganizationWorkflows();
      assert.deepEqual(await walk.toArray(), items);
      assert.equal(walk.lastKey, null);
    });

    test("a walk's failures are still thrown as their classes", async () => {
      const page = { items: [], lastKey: { workflow_id: 'w', workflow_version: 1 } };
      const client = new sdk.LooplyClient({ apiKey: 'k', fetch: answering(page), logLevel: 'off' });
      const start = { lastKey: page.lastKey };
      await assert.rejects(client.paginateOrganizationWorkflows(start).toArray(), sdk.ResponseDecodeError);
      assert.throws(() => client.paginateOrganizationWorkflows({ limit: 0 }), sdk.ValidationError);
    });

    test("a client's bad option is still thrown at once as ValidationError", () => {
      assert.throws(() => new sdk.LooplyClient({ apiKey: 'k', maxRetries: -1 }), sdk.ValidationError);
      assert.throws(() => new sdk.LooplyClient({ apiKey: '' }), sdk.ValidationError);
    });
  });
}
