// pkg-template/src/rejection.js on its own, from the source: what the core rejects with (a
// descriptor naming a class, or anything else, which is a bug of the SDK's) becomes an error
// of the package's classes. (The classes are the source's too: errors.js.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toLooplyError } from '../../pkg-template/src/rejection.js';
import * as CLASSES from '../../pkg-template/src/errors.js';

const INTERNAL = 'looply-sdk: internal error (a bug in the SDK, please report it): ';

// Catches a descriptor that loses its class or its fields, or an error made anew.
test('a descriptor becomes its class with its fields; a package error passes as it is', () => {
  const e = toLooplyError({
    looplyError: 'NotFoundError',
    message: 'Workflow not found',
    status: 404,
    body: { message: 'x' },
    headers: {},
    requestId: 'r-1',
  });
  assert.ok(e instanceof CLASSES.NotFoundError);
  assert.deepEqual([e.message, e.status, e.requestId], ['Workflow not found', 404, 'r-1']);
  const v = toLooplyError({ looplyError: 'ValidationError', message: 'limit is bad', param: 'limit' });
  assert.deepEqual([v.constructor, v.param], [CLASSES.ValidationError, 'limit']);
  const own = new CLASSES.RateLimitError('slow');
  assert.equal(toLooplyError(own), own);
});

// Catches a name that is not one of the classes taken for one (or read off a value that is
// not an object), and an internal error that loses what was thrown.
test('anything else is an internal error that says so and keeps the cause', () => {
  const cases = [
    [{ looplyError: 'NoSuchError', message: 'm' }, 'm'],
    [{ looplyError: 'toString', message: 'm' }, 'm'],
    [{ looplyError: 42, message: 'm' }, 'm'],
    [new TypeError('boom'), 'boom'],
    [{ message: 7 }, '[object Object]'],
    [null, 'null'],
    [undefined, 'undefined'],
    ['NotFoundError', 'NotFoundError'],
    [404, '404'],
    [Object.assign(() => {}, { looplyError: 'NotFoundError', message: 'from a function' }), 'from a function'],
  ];
  for (const [thrown, detail] of cases) {
    const e = toLooplyError(thrown);
    assert.equal(e.constructor, CLASSES.LooplyError, String(detail));
    assert.equal(e.message, INTERNAL + detail);
    assert.equal(e.cause, thrown);
  }
});

// Catches a class whose code (its place in errors.js, which the wasm sends instead of its
// name: src/error.rs, `class_by_code`) is another class's in the core, or a code left out.
test('each code the core sends is the class the core means by it', async () => {
  const { ERROR_CODES } = await import(new URL('../../build/glue/facts.js', import.meta.url).href);
  assert.equal(ERROR_CODES.length, Object.values(CLASSES).filter((c) => typeof c === 'function').length);
  ERROR_CODES.forEach((name, code) => {
    const e = toLooplyError({ looplyError: code, message: 'm', status: 500 });
    assert.equal(e.constructor, CLASSES[name], `${code}: ${name}`);
    assert.equal(e.message, 'm');
  });
  assert.equal(toLooplyError({ looplyError: ERROR_CODES.length, message: 'm' }).constructor, CLASSES.LooplyError);
});
