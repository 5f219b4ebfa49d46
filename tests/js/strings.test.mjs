// The strings the core reads from JavaScript (a parameter, a header, a field of a response body, a
// response header) arrive whole and as TextEncoder writes them, whatever their length and
// characters: the core reads each into a first buffer of its own and, when it is longer, a
// second of its length (src/wasm/fields.rs `raw`, pkg-template/src/transport.js
// `valueInto`). Catches a string cut at the first buffer's end (64 bytes), a character split
// there, a length counted in UTF-16 units instead of bytes, a non-ASCII string copied code by
// code, and a lone surrogate not written as U+FFFD.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILDS } from './support/harness.mjs';

/** Around the first buffer's 64 bytes, ASCII and not, empty, long, lone surrogates. */
const STRINGS = [
  ['one character', 'w'],
  ['non-ASCII', 'é€😀 ü'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate inside', 'a\udc00b'],
  ['63 ASCII bytes', 'a'.repeat(63)],
  ['64 ASCII bytes', 'a'.repeat(64)],
  ['65 ASCII bytes', 'a'.repeat(65)],
  ['63 ASCII bytes and a 2-byte character', `${'a'.repeat(63)}é`],
  ['62 ASCII bytes and a 3-byte character', `${'a'.repeat(62)}€`],
  ['66 bytes of 3-byte characters', '€'.repeat(22)],
  ['900 bytes of 3-byte characters', '€'.repeat(300)],
  ['40 emoji (surrogate pairs)', '😀'.repeat(40)],
  ['1,024 ASCII bytes (the longest id)', 'x'.repeat(1024)],
  ['1,024 characters of 3 bytes (the longest id)', '€'.repeat(1024)],
  ['NUL and DEL', '\u0000\u007f\u0080'],
];

/** A fetch that answers `status` with `body` as JSON (and `headers`), keeping the URL and init it was called with. */
function answering(status, body, headers = {}) {
  const fetch = async (url, init) => {
    fetch.url = url;
    fetch.init = init;
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  };
  return fetch;
}

for (const [build, sdk] of BUILDS) {
  describe(`the strings the core reads (${build} build)`, () => {
    for (const [what, s] of STRINGS) {
      test(`${what}: a parameter arrives in the URL as its UTF-8`, async () => {
        const fetch = answering(200, { item: { workflow_id: s } });
        const client = new sdk.LooplyClient({ apiKey: 'k', fetch, logLevel: 'off' });
        const body = await client.getWorkflowById({ workflow_id: s, workflow_version: 1 });
        assert.deepEqual(body, { item: { workflow_id: s } });
        assert.equal(new URL(fetch.url).searchParams.get('workflow_id'), s.toWellFormed());
      });

      test(`${what}: an error body's message and a request id arrive whole`, async () => {
        const fetch = answering(404, { message: s }, { 'x-request-id': `req-${s.length}` });
        const client = new sdk.LooplyClient({ apiKey: 'k', fetch, logLevel: 'off', maxRetries: 0 });
        const err = await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 }).catch((e) => e);
        assert.ok(err instanceof sdk.NotFoundError);
        assert.equal(err.message, s.toWellFormed());
        assert.equal(err.requestId, `req-${s.length}`);
      });
    }

    test('a getter is read once, its string longer than the first buffer or not', async () => {
      // Catches a string read again by its field for the second buffer (running the getter twice).
      for (const id of ['w'.repeat(10), 'w'.repeat(65), '€'.repeat(300)]) {
        const fetch = answering(200, { item: {} });
        const client = new sdk.LooplyClient({ apiKey: 'k', fetch, logLevel: 'off' });
        let reads = 0;
        const params = {
          get workflow_id() {
            reads++;
            return id;
          },
          workflow_version: 1,
        };
        await client.getWorkflowById(params);
        assert.equal(reads, 1);
        assert.equal(new URL(fetch.url).searchParams.get('workflow_id'), id);
      }
    });

    test('an empty parameter and one over 1,024 characters are refused as before', async () => {
      const client = new sdk.LooplyClient({ apiKey: 'k', fetch: answering(200, {}), logLevel: 'off' });
      const empty = await client.getWorkflowById({ workflow_id: '', workflow_version: 1 }).catch((e) => e);
      assert.ok(empty instanceof sdk.ValidationError);
      assert.equal(empty.param, 'workflow_id');
      for (const id of ['x'.repeat(5000), '€'.repeat(1025)]) {
        const err = await client.getWorkflowById({ workflow_id: id, workflow_version: 1 }).catch((e) => e);
        assert.ok(err instanceof sdk.ValidationError);
        assert.equal(err.message, 'workflow_id is too long (at most 1024 characters)');
      }
    });

    test('header values are read whole: a long one is sent, a non-ASCII one refused', async () => {
      const fetch = answering(200, { item: {} });
      const long = 'v'.repeat(300);
      const client = new sdk.LooplyClient({ apiKey: 'k', fetch, logLevel: 'off', defaultHeaders: { 'x-long': long } });
      await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
      assert.equal(new Headers(fetch.init.headers).get('x-long'), long);
      assert.throws(
        () => new sdk.LooplyClient({ apiKey: 'k', fetch, defaultHeaders: { 'x-h': `${'v'.repeat(70)}é` } }),
        sdk.ValidationError,
      );
    });
  });
}
