// valueInto, the one crossing the core reads a value or a field through (pkg-template/src/transport.js;
// src/wasm/fields.rs `raw_in` and `kind_in` read its answers), on its own.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { heldValue, valueAt, valueInto } from '../../pkg-template/src/transport.js';

/** The f64 the core reads from a room's first 8 bytes (little-endian, as the wasm reads memory). */
const f64Of = (room) => new DataView(room.buffer, room.byteOffset, 8).getFloat64(0, true);

describe('valueInto', () => {
  // Catches a string's length answered in UTF-16 units, its bytes not written where the core
  // reads them, or a string that fits held all the same (kept until the next one that does not).
  test('a string that fits: its UTF-8 written, its length in bytes answered, nothing held', () => {
    const room = new Uint8Array(64);
    heldValue(undefined); // whatever an earlier test left
    assert.equal(valueInto('é€x', room), 6);
    assert.deepEqual([...room.subarray(0, 6)], [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0x78]);
    assert.equal(valueInto('', room), 0);
    assert.equal(heldValue(undefined), undefined);
  });

  // Catches a string cut at the room's end taken as whole, or held only by its field (read again).
  test('a string that does not fit: more room than it has answered, the string held once', () => {
    const obj = {
      reads: 0,
      get id() {
        this.reads++;
        return '€'.repeat(30);
      },
    };
    const answer = valueInto(obj, new Uint8Array(64), 'id');
    assert.equal(answer, 90);
    const held = heldValue(undefined);
    assert.equal(held, '€'.repeat(30));
    assert.equal(heldValue(undefined), undefined);
    const room = new Uint8Array(answer);
    assert.equal(valueInto(held, room), 90);
    assert.equal(obj.reads, 1);
  });

  // Catches the room a long string needs guessed (three bytes a unit: a 10 MB body would take 30 MB of the core's memory).
  test('the room a string that does not fit needs is its UTF-8 length, ASCII or not', () => {
    const room = new Uint8Array(64);
    for (const s of [
      'a'.repeat(65),
      'a'.repeat(1000),
      `${'a'.repeat(70)}é`,
      `é${'a'.repeat(70)}`,
      '😀'.repeat(20),
      '\ud800'.repeat(30),
    ]) {
      assert.equal(valueInto(s, room), new TextEncoder().encode(s).length, s.slice(0, 8));
    }
    heldValue(undefined);
  });

  // Catches a kind's code off by one, or a number or boolean not written little-endian.
  test('anything else: -1 - its kind, a number or boolean written as an f64', () => {
    const room = new Uint8Array(64);
    assert.equal(valueInto(1.5, room), -1 - 3);
    assert.equal(f64Of(room), 1.5);
    assert.equal(valueInto(-0, room), -4);
    assert.ok(Object.is(f64Of(room), -0));
    assert.equal(valueInto(true, room), -1 - 2);
    assert.equal(f64Of(room), 1);
    assert.equal(valueInto(false, room), -3);
    assert.equal(f64Of(room), 0);
    assert.deepEqual(
      [undefined, null, [], {}, () => {}, Symbol('s'), 1n].map((v) => valueInto(v, room)),
      [-1, -2, -6, -7, -8, -8, -8],
    );
  });

  // Catches a kind asked with no room throwing (a number's 8 bytes set into nothing), or holding a string.
  test('an empty room asks the kind only', () => {
    const none = new Uint8Array(0);
    assert.deepEqual(
      [undefined, 1, true, {}].map((v) => valueInto(v, none)),
      [-1, -4, -3, -7],
    );
    assert.ok(valueInto('s', none) >= 0);
    assert.equal(valueInto('', none), 0);
    // Nor is a string encoded to measure it, or held: a kind asked of a long text keeps nothing.
    heldValue(undefined); // whatever an earlier test left
    assert.ok(valueInto('é'.repeat(100), none) >= 0);
    assert.equal(heldValue(undefined), undefined);
  });

  // Catches a field read of what is not an object, or a getter's throw, escaping.
  test('a field: undefined for a non-object or a getter that throws', () => {
    const room = new Uint8Array(64);
    const throwing = {
      get x() {
        throw new Error('no');
      },
    };
    assert.equal(valueInto('str', room, 'length'), -1);
    assert.equal(valueInto(throwing, room, 'x'), -1);
    assert.equal(valueInto({ x: 7 }, room, 'x'), -4);
    assert.equal(f64Of(room), 7);
  });

  // Catches the room's place in the memory ignored (written at 0, or past the room's end),
  // or a number written into a room too small for its 8 bytes (the core's memory around it).
  test('valueAt: a room is len bytes of the memory from at, and nothing outside it is written', () => {
    const mem = new Uint8Array(40).fill(0xee);
    assert.equal(valueAt('abc', mem, 10, 3), 3);
    assert.deepEqual([...mem.subarray(9, 14)], [0xee, 0x61, 0x62, 0x63, 0xee]);
    assert.equal(valueAt('abcd', mem, 20, 3), 4); // too long: the room it needs
    heldValue(undefined);
    assert.equal(valueAt({ n: 2.5 }, mem, 24, 8, 'n'), -4);
    assert.equal(new DataView(mem.buffer, 24, 8).getFloat64(0, true), 2.5);
    assert.equal(mem[32], 0xee);
    assert.equal(valueAt(1, mem, 34, 6), -4); // under 8 bytes: the kind only
    assert.deepEqual([...mem.subarray(0, 10)], Array(10).fill(0xee));
    assert.deepEqual([...mem.subarray(33)], Array(7).fill(0xee));
  });
});
