// Paginators against the local server: request counts, maxItems, break, resume, bad pages.
import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { BUILDS, startServer, SEEDED, clientFor, rejectionOf, scriptedClient, thrownBy } from './support/harness.mjs';

let srv;
before(async () => {
  srv = await startServer({ stateDelayMs: 50 });
});
after(() => srv.close());
beforeEach(() => srv.reset());

const apiRequests = () => srv.requests.length;

for (const [build, sdk] of BUILDS) {
  describe(`paginators (${build})`, () => {
    test('a full walk makes exactly ceil(n/30) requests and yields each item once', async () => {
      const client = clientFor(sdk, srv);
      const items = await client.paginateWorkflowExecutionHistory({ workflow_id: SEEDED.bigWorkflowId }).toArray();
      assert.ok(items.length >= 250, `seeded ${items.length}`);
      assert.equal(new Set(items.map((e) => e.workflow_execution_id)).size, items.length);
      assert.equal(apiRequests(), Math.ceil(items.length / 30));
      assert.ok(
        srv.requests.every((r) => r.query.limit === '30'),
        'default page size is 30',
      );
      const sorted = [...items].sort((a, b) => b.created_on - a.created_on);
      assert.deepEqual(
        items.map((e) => e.created_on),
        sorted.map((e) => e.created_on),
        'newest first',
      );
    });

    // Catches a next page asked from anything but exactly the previous page's lastKey
    // (a stale, partial or re-typed cursor), and cursor fields on the first request.
    test("each next page is asked with exactly the previous page's lastKey", async () => {
      const client = clientFor(sdk, srv);
      const walks = [
        [
          () => client.paginateWorkflowExecutionHistory({ workflow_id: SEEDED.bigWorkflowId, limit: 25 }),
          ['workflow_execution_id'],
          { workflow_id: SEEDED.bigWorkflowId },
        ],
        [() => client.paginateOrganizationExecutions({ limit: 25 }), ['workflow_id', 'workflow_execution_id'], {}],
        [() => client.paginateOrganizationWorkflows({ limit: 7 }), ['workflow_id', 'workflow_version'], {}],
      ];
      for (const [paginate, fields, fixed] of walks) {
        srv.reset();
        const keys = [];
        for await (const page of paginate().pages()) keys.push(page.lastKey);
        assert.ok(keys.length >= 3, `${keys.length} pages`);
        assert.equal(srv.requests.length, keys.length);
        srv.requests.forEach((req, i) => {
          const expected = { ...fixed, limit: req.query.limit };
          if (i > 0) for (const f of fields) expected[f] = String(keys[i - 1][f]);
          assert.deepEqual(req.query, expected, `request ${i + 1}`);
        });
      }
    });

    test('the last page asks only for what maxItems still needs', async () => {
      const client = clientFor(sdk, srv);
      await client.paginateOrganizationExecutions({ maxItems: 31 }).toArray();
      assert.deepEqual(
        srv.requests.map((r) => r.query.limit),
        ['30', '1'],
      );
    });

    // Catches toArray keeping a whole page when a server sends more items than maxItems
    // asked for (the page's limit is what the walk still needs; a server may not honour it).
    test('toArray keeps only maxItems of a page larger than asked', async () => {
      const items = ['a', 'b', 'c'].map((id) => ({ workflow_id: 'w', workflow_execution_id: id }));
      const page = () => new Response(JSON.stringify({ message: 'success', count: 3, items }), { status: 200 });
      const { client } = scriptedClient(sdk, [page]);
      const got = await client.paginateOrganizationExecutions({ maxItems: 2 }).toArray();
      assert.deepEqual(
        got.map((e) => e.workflow_execution_id),
        ['a', 'b'],
      );
    });

    test('maxItems stops without fetching a page it will not use', async () => {
      const client = clientFor(sdk, srv);
      const items = await client.paginateOrganizationExecutions({ maxItems: 60 }).toArray();
      assert.equal(items.length, 60);
      assert.equal(apiRequests(), 2);
      assert.deepEqual(await client.paginateOrganizationExecutions({ maxItems: 0 }).toArray(), []);
      assert.equal(apiRequests(), 2);
    });

    // Catches the item iterator reading one past what a page gives the walk (an extra item,
    // or `undefined` past a page's end).
    test('for await yields exactly the items of toArray, also when maxItems ends inside a page', async () => {
      const client = clientFor(sdk, srv);
      for (const options of [{ maxItems: 7, limit: 5 }, { maxItems: 12 }, { limit: 30 }]) {
        const seen = [];
        for await (const e of client.paginateOrganizationExecutions(options)) seen.push(e);
        assert.deepEqual(seen, await client.paginateOrganizationExecutions(options).toArray(), JSON.stringify(options));
        if (options.maxItems) assert.equal(seen.length, options.maxItems);
        assert.ok(seen.every((e) => typeof e?.workflow_execution_id === 'string'));
      }
    });

    test('breaking out of for await sends nothing more; lastKey resumes the walk', async () => {
      const client = clientFor(sdk, srv);
      const walk = client.paginateOrganizationExecutions();
      assert.equal(walk.lastKey, undefined);
      const seen = [];
      for await (const e of walk) {
        seen.push(e.workflow_execution_id);
        if (seen.length === 30) break;
      }
      assert.equal(apiRequests(), 1);
      assert.ok(walk.lastKey?.workflow_execution_id);
      assert.deepEqual(await walk.toArray(), [], 'a paginator walks once');
      // Catches a second for await or pages() that walks with a pager already taken.
      for await (const _ of walk) assert.fail('a second for await yielded');
      for await (const _ of walk.pages()) assert.fail('a second pages() yielded');
      assert.equal(apiRequests(), 1);
      const rest = await client.paginateOrganizationExecutions({ lastKey: walk.lastKey }).toArray();
      const all = await client.paginateOrganizationExecutions().toArray();
      assert.deepEqual(
        [...seen, ...rest.map((e) => e.workflow_execution_id)],
        all.map((e) => e.workflow_execution_id),
      );
    });

    test('pages() yields whole pages and lastKey is null once exhausted', async () => {
      const client = clientFor(sdk, srv);
      const walk = client.paginateOrganizationWorkflows();
      const counts = [];
      for await (const page of walk.pages()) {
        assert.equal(page.message, 'success');
        counts.push(page.count);
      }
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        SEEDED.workflowVersionCount,
      );
      assert.equal(walk.lastKey, null);
    });

    test('a repeated lastKey or a page without items ends the walk with ResponseDecodeError', async () => {
      const client = clientFor(sdk, srv, { maxRetries: 0 });
      const page = {
        message: 'success',
        count: 1,
        items: [{}],
        lastKey: { workflow_id: 'w', workflow_execution_id: 'e' },
      };
      srv.inject({ rawBody: JSON.stringify(page), contentType: 'application/json', times: 2 });
      const err = await rejectionOf(client.paginateOrganizationExecutions().toArray());
      assert.ok(err instanceof sdk.ResponseDecodeError);
      assert.match(err.message, /same lastKey/);
      assert.equal(apiRequests(), 2);
      srv.inject({ rawBody: '{"message":"success","count":0}', contentType: 'application/json' });
      const noItems = await rejectionOf(client.paginateOrganizationWorkflows().toArray());
      assert.ok(noItems instanceof sdk.ResponseDecodeError);
      assert.equal(noItems.body, '{"message":"success","count":0}');
    });

    // Catches a cursor re-typed or refused on its way back (a version that is not a whole
    // number ≥ 1, as a Prism mock or another deployment may send), and a refusal that does
    // not name the field (it once said the field was missing when it was there).
    test("a page's lastKey is sent back exactly as the page gave it; only an unusable field is refused, by name", async () => {
      const client = clientFor(sdk, srv, { maxRetries: 0 });
      const pageWith = (key) =>
        JSON.stringify({ message: 'success', count: 1, items: [{ workflow_id: 'w' }], lastKey: key });
      for (const [version, sent] of [
        [54534234.468, '54534234.468'],
        [-1.79e308, '-1.79e+308'],
        ['v2', 'v2'],
        [7, '7'],
        [-12, '-12'],
        [-0, '0'],
        [9007199254740991, '9007199254740991'],
        [1e21, '1e+21'],
      ]) {
        srv.reset();
        const first = pageWith({ organization_id: 'o', workflow_id: 'w/ä', workflow_version: version });
        srv.inject([
          {
            // JSON.stringify writes -0 as 0: the page says -0 as a service could.
            rawBody: Object.is(version, -0) ? first.replace('"workflow_version":0', '"workflow_version":-0') : first,
            contentType: 'application/json',
            times: 1,
          },
          { rawBody: pageWith(undefined), contentType: 'application/json', times: 1 },
        ]);
        assert.equal((await client.paginateOrganizationWorkflows({ limit: 1 }).toArray()).length, 2);
        assert.equal(srv.requests.length, 2);
        assert.deepEqual(
          srv.requests[1].query,
          { limit: '1', workflow_id: 'w/ä', workflow_version: sent },
          String(version),
        );
      }
      for (const [key, message] of [
        [{ organization_id: 'o', workflow_id: 'w', workflow_version: null }, 'lastKey.workflow_version is required'],
        [{ organization_id: 'o', workflow_version: 3 }, 'lastKey.workflow_id is required'],
        [
          { organization_id: 'o', workflow_id: 'w', workflow_version: true },
          'lastKey.workflow_version must be a string or a finite number',
        ],
        [{ organization_id: 'o', workflow_id: '', workflow_version: 3 }, 'lastKey.workflow_id must not be empty'],
      ]) {
        srv.reset();
        srv.inject({ rawBody: pageWith(key), contentType: 'application/json', times: 1 });
        const err = await rejectionOf(client.paginateOrganizationWorkflows().toArray());
        assert.ok(err instanceof sdk.ResponseDecodeError, String(err));
        assert.ok(err.message.startsWith(`The page's lastKey cannot be sent back: ${message}`), err.message);
        assert.equal(srv.requests.length, 1);
      }
      // The caller's lastKey, likewise.
      const resumed = client.paginateOrganizationWorkflows({
        lastKey: { workflow_id: 'w', workflow_version: 0.5 },
        maxItems: 1,
      });
      await resumed.toArray();
      assert.equal(srv.requests.at(-1).query.workflow_version, '0.5');
      const refused = thrownBy(() =>
        client.paginateOrganizationWorkflows({ lastKey: { workflow_id: 'w', workflow_version: NaN } }),
      );
      assert.ok(refused instanceof sdk.ValidationError);
      assert.equal(refused.param, 'lastKey.workflow_version');
    });

    test('options.signal stops a walk mid-way', async () => {
      const client = clientFor(sdk, srv);
      const controller = new AbortController();
      const walk = client.paginateOrganizationExecutions({}, { signal: controller.signal });
      let n = 0;
      const err = await rejectionOf(
        (async () => {
          for await (const _ of walk) {
            if (++n === 30) controller.abort();
          }
        })(),
      );
      assert.ok(err instanceof sdk.APIUserAbortError);
      assert.equal(apiRequests(), 1);
    });

    test('bad parameters throw ValidationError and send nothing', () => {
      const client = clientFor(sdk, srv);
      const cases = [
        [() => client.paginateWorkflowExecutionHistory({}), 'workflow_id'],
        [() => client.paginateOrganizationExecutions({ limit: 31 }), 'limit'],
        [() => client.paginateOrganizationExecutions({ maxItems: -1 }), 'maxItems'],
        [() => client.paginateOrganizationWorkflows({ lastKey: { workflow_id: 'w' } }), 'lastKey.workflow_version'],
        [() => client.paginateOrganizationWorkflows({}, { timeoutMs: 0 }), 'timeoutMs'],
      ];
      for (const [fn, param] of cases) {
        const err = thrownBy(fn);
        assert.ok(err instanceof sdk.ValidationError, String(err));
        assert.equal(err.param, param);
      }
      assert.equal(apiRequests(), 0);
    });
  });
}

// The test build counts the core's pagers that were not freed (pkg-template/src/test-entry.js).
describe("paginators free the core's pager (test build)", () => {
  let hooks;
  before(async () => {
    hooks = await import(new URL('../../build/pkg-test-hooks/index.mjs', import.meta.url).href);
  });

  // Catches a walk that leaves its pager to the garbage collector: the memory of the core
  // would grow with every paginator a page's caller breaks out of.
  test('a walk frees its pager when it ends, fails or is broken out of, whichever way it is read', async () => {
    const client = new hooks.LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl, maxRetries: 0 });
    const before = hooks.livePagers();
    const walks = {
      'toArray to the end': () => client.paginateOrganizationWorkflows().toArray(),
      'toArray with maxItems': () => client.paginateOrganizationExecutions({ maxItems: 3 }).toArray(),
      'for await to the end': async () => {
        for await (const _ of client.paginateOrganizationWorkflows());
      },
      'for await, broken out of': async () => {
        for await (const _ of client.paginateOrganizationExecutions()) break;
      },
      'pages(), broken out of': async () => {
        for await (const _ of client.paginateOrganizationExecutions().pages()) break;
      },
      'toArray, failed': async () => {
        srv.inject({ status: 500, times: 1 });
        await rejectionOf(client.paginateOrganizationExecutions().toArray());
      },
      'for await, failed': async () => {
        srv.inject({ status: 500, times: 1 });
        await rejectionOf(
          (async () => {
            for await (const _ of client.paginateOrganizationExecutions());
          })(),
        );
      },
    };
    for (const [name, walk] of Object.entries(walks)) {
      await walk();
      assert.equal(hooks.livePagers(), before, `${name}: a pager left unfreed`);
    }
  });
});
