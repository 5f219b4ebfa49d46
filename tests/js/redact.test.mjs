// The redaction rule (pkg-template/src/redact.js) on its own: what is replaced, where, and
// what is left alone. A pure module, so it is imported from the source; that every error and
// log line of the package goes through it is hostile.test.mjs's and secrets.test.mjs's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MARKER, NEVER_LOGGED, Redactor } from '../../pkg-template/src/redact.js';

const KEY = 'sk-A/B 42';

// Catches the length floor off by one, a non-string key taken, and the URL-encoded form
// (as a key appears in a query string a server echoes) missed.
test('text: the key and its URL-encoded form become the marker; keys under 6 characters are not looked for', () => {
  assert.equal(MARKER, '***');
  const r = new Redactor([KEY, 12345678, undefined]);
  assert.equal(r.text(`a ${KEY} b ${encodeURIComponent(KEY)} c ${KEY}`), 'a *** b *** c ***');
  assert.equal(new Redactor(['123456']).text('x123456y'), 'x***y');
  assert.equal(new Redactor(['12345']).text('x12345y'), 'x12345y');
  assert.equal(r.text('nothing here'), 'nothing here');
  for (const v of [5, undefined, null, true]) assert.equal(r.text(v), v);
  const later = new Redactor();
  later.add(KEY);
  assert.equal(later.text(KEY), '***');
});

// Catches a string left at some depth, a property name that holds the key kept, other
// values changed, and a walk that copies when there is nothing to find.
test('value: every string at any depth, property names too, in place', () => {
  const r = new Redactor([KEY]);
  const body = { a: [{ b: `x ${KEY}` }, 7, null], [`k-${KEY}`]: { c: KEY }, keep: 'plain' };
  const out = r.value(body);
  assert.equal(out, body, 'changed in place');
  assert.deepEqual(Object.keys(out), ['a', 'keep', 'k-***'], 'only a renamed property moves');
  assert.deepEqual(out, { a: [{ b: 'x ***' }, 7, null], 'k-***': { c: '***' }, keep: 'plain' });
  assert.equal(r.value(`s ${KEY}`), 's ***');
  assert.equal(r.value(3), 3);
  const untouched = { a: KEY };
  assert.equal(new Redactor().value(untouched), untouched);
  assert.deepEqual(untouched, { a: KEY }, 'no key to look for: nothing changes');
});

// Catches a field of an error left unredacted (message, stack, request id, body, headers,
// a string or Error cause), a cause replaced that never held the key, and a frozen error
// that makes redaction throw.
test('error: message, stack, requestId, body, headers and cause', () => {
  const r = new Redactor([KEY]);
  const e = new Error(`bad ${KEY}`);
  Object.assign(e, {
    requestId: `id-${KEY}`,
    body: { m: KEY },
    headers: { 'www-authenticate': KEY },
    cause: new TypeError(`net ${KEY}`),
  });
  void e.stack; // a stack read before (V8 writes it out then, with the key in its first line)
  assert.equal(r.error(e), e);
  assert.equal(e.message, 'bad ***');
  assert.ok(!e.stack.includes(KEY) && e.stack.includes('bad ***'), e.stack);
  assert.equal(e.requestId, 'id-***');
  assert.deepEqual(e.body, { m: '***' });
  assert.deepEqual(e.headers, { 'www-authenticate': '***' });
  assert.deepEqual(e.cause, { name: 'TypeError', message: 'net ***' });
  const bare = r.error(new Error('no fields'));
  for (const name of ['requestId', 'body', 'headers', 'cause']) assert.ok(!Object.hasOwn(bare, name), `${name} added`);
  const inStack = new Error('clean');
  inStack.stack = `Error: clean\n    at ${KEY}.js:1:1`;
  assert.deepEqual(r.error(Object.assign(new Error('x'), { cause: inStack })).cause, {
    name: 'Error',
    message: 'clean',
  });
  const inMessage = new Error(`net ${KEY}`);
  inMessage.stack = 'Error: (stack written out before)';
  assert.deepEqual(r.error(Object.assign(new Error('x'), { cause: inMessage })).cause, {
    name: 'Error',
    message: 'net ***',
  });
  const plainCause = new Error('unrelated');
  const kept = r.error(Object.assign(new Error('x'), { cause: plainCause }));
  assert.equal(kept.cause, plainCause, 'a cause without the key is kept as it is');
  assert.equal(r.error(Object.assign(new Error('x'), { cause: `c ${KEY}` })).cause, 'c ***');
  assert.equal(r.error(Object.assign(new Error('x'), { body: `raw ${KEY}` })).body, 'raw ***');
  const frozen = Object.freeze(new Error(`f ${KEY}`));
  assert.doesNotThrow(() => r.error(frozen));
  assert.equal(r.error('not an object'), 'not an object');
  const none = new Error(`bad ${KEY}`);
  assert.equal(new Redactor().error(none).message, `bad ${KEY}`, 'no key configured: nothing to redact');
});

// Catches a secret-bearing response header missing from the never-logged list.
test('NEVER_LOGGED: the headers that carry credentials', () => {
  assert.deepEqual([...NEVER_LOGGED].sort(), [
    'authorization',
    'proxy-authenticate',
    'set-cookie',
    'www-authenticate',
    'x-api-key',
  ]);
});
