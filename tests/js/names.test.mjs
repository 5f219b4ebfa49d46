// The unknown-name rule (pkg-template/src/names.js) on its own: which names are refused and
// which known name is suggested. A pure module, so it is imported from the source; the
// package's own use of it (every method, option and wait option) is hostile.test.mjs's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNames, nearest } from '../../pkg-template/src/names.js';

const OPTIONS = ['timeoutMs', 'maxRetries', 'baseUrl'];

// Catches a suggestion missing for a plain typo (a swap, a letter too many or too few, case)
// or for a typo of a name's last `_` part, and one offered for a name that is nothing alike.
test('nearest: the known name a typo was meant to be, or none', () => {
  const cases = [
    ['timeout', OPTIONS, 'timeoutMs'],
    ['maxRetry', OPTIONS, 'maxRetries'],
    ['baseURL', OPTIONS, 'baseUrl'],
    ['verison', ['workflow_id', 'workflow_version'], 'workflow_version'],
    ['vresio', ['workflow_version'], 'workflow_version'],
    ['badcfeghi', ['abcdefghi'], 'abcdefghi'], // three swaps, each counted once
    ['badcfehgi', ['abcdefghi'], undefined], // four swaps: one past the limit
    ['colour', OPTIONS, undefined],
    ['zzz', OPTIONS, undefined],
    ['abcdef', ['abcxyz'], undefined], // one past the limit of a six-letter name
    ['abc', ['xyz'], undefined],
    ['abcdezzzz', ['abcde'], undefined], // four letters too many for a nine-letter name
  ];
  for (const [key, known, want] of cases) assert.equal(nearest(key, known), want, `${key} among ${known}`);
});

// Catches a tie settled by the order of the list instead of the longer shared start, a
// closer name given up for a later one that is merely within the limit, and a full tie not
// kept by the first name.
test('nearest: the closest name; a tie goes to the longer shared start, then to the first', () => {
  for (const known of [
    ['workflow_id', 'workflow_execution_id'],
    ['workflow_execution_id', 'workflow_id'],
  ]) {
    assert.equal(nearest('workflow_exec_id', known), 'workflow_execution_id', known.join());
  }
  assert.equal(nearest('abcx', ['abcd', 'abxy']), 'abcd');
  assert.equal(nearest('abz', ['abx', 'aby']), 'abx');
  assert.equal(
    nearest('abcdefgh', ['xbcdefgh', 'abcdefzz']),
    'xbcdefgh',
    'a longer shared start does not beat a closer name',
  );
});

// Catches the length guard of the distance wrong at its edge: names up to 64 characters are
// compared, longer ones are not (a key of a megabyte would cost a quadratic table).
test('nearest: names of more than 64 characters are not compared', () => {
  const a = (n) => 'a'.repeat(n);
  assert.equal(nearest(a(64), [a(60)]), a(60));
  assert.equal(nearest(a(60), [a(64)]), a(64));
  assert.equal(nearest(a(70), [a(60)]), undefined);
  assert.equal(nearest(a(60), [a(70)]), undefined);
});

// Catches an unknown name let through, a known one refused, the message's wording, and a
// huge key copied whole into `param` and the message.
test('checkNames: refuses the first unknown own key, naming it (at most 64 characters)', () => {
  assert.doesNotThrow(() => checkNames({ timeoutMs: 1, baseUrl: 'x' }, OPTIONS, 'option'));
  assert.doesNotThrow(() => checkNames(undefined, OPTIONS, 'option'));
  assert.doesNotThrow(() => checkNames(null, OPTIONS, 'option'));
  assert.doesNotThrow(() => checkNames('str', OPTIONS, 'option'), "a string is the core's to refuse");
  assert.doesNotThrow(() => checkNames([1, 2], OPTIONS, 'option'), "arrays are the core's to refuse");
  assert.doesNotThrow(() => checkNames(Object.create({ inherited: 1 }), OPTIONS, 'option'));
  const far = (() => {
    try {
      checkNames({ zzz: 1 }, OPTIONS, 'parameter of getWorkflowById');
    } catch (e) {
      return e;
    }
  })();
  assert.equal(far.name, 'ValidationError');
  assert.equal(far.param, 'zzz');
  assert.equal(far.message, "unknown parameter 'zzz' of getWorkflowById");
  let long;
  try {
    checkNames({ [`${'x'.repeat(70)}`]: 1 }, OPTIONS, 'option');
  } catch (e) {
    long = e;
  }
  assert.equal(long.param, 'x'.repeat(64));
  assert.equal(long.message, `unknown option '${'x'.repeat(64)}'`);
});
