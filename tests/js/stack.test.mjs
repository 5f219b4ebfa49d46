// The wasm's own stack (rustc's shadow stack in linear memory) must sit below every byte of
// data, so that overrunning it goes below address 0 and traps (which the package recovers
// from: tests/js/recovery.test.mjs), instead of running into the statics and the heap unseen.
// A JavaScript caller can make it overrun: a params getter that calls the client again
// re-enters the core once a level (about 500 bytes of shadow stack each); with Node's default
// JavaScript stack that ends in a RangeError after about 530 levels, but a runtime with a
// larger stack (`node --stack-size`, other engines) reaches the 1 MiB of the shadow stack
// first. Catches a build whose linker places the data below the stack (`--no-stack-first`,
// `--global-base`): measured at about 700 bytes of wasm saved, and unsafe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleb, leb as uleb, sections } from '../../scripts/wasm-table.mjs';
import { ESM_ENTRY, SEEDED, startServer } from './support/harness.mjs';

const shipped = readFileSync(new URL('../../pkg/looply_sdk_bg.wasm', import.meta.url));

test('the shadow stack is below all data: its overrun traps', () => {
  const section = (id) => {
    const { start, end } = sections(shipped).find((x) => x.id === id);
    return shipped.subarray(start, end);
  };
  // Global section (6): the first global is rustc's stack pointer, a mutable i32 whose
  // initial value is the stack's top.
  const globals = section(6);
  let [count, at] = uleb(globals, 0);
  assert.ok(count >= 1);
  assert.equal(globals[at], 0x7f, 'the first global is an i32');
  assert.equal(globals[at + 1], 1, 'the first global is mutable');
  assert.equal(globals[at + 2], 0x41, 'initialised by an i32.const');
  const [top] = sleb(globals, at + 3);
  // Data section (11): every active segment's offset (an i32.const) at or above the top.
  const data = section(11);
  [count, at] = uleb(data, 0);
  assert.ok(count >= 1);
  for (let i = 0; i < count; i++) {
    const [flags, next] = uleb(data, at);
    at = next;
    if (flags === 1) {
      // passive: no address
    } else {
      if (flags === 2) at = uleb(data, at)[1]; // memory index
      assert.equal(data[at], 0x41, 'an active segment placed by an i32.const');
      const [offset, after] = sleb(data, at + 1);
      assert.ok(offset >= top, `a data segment at ${offset}, below the stack's top ${top}`);
      assert.equal(data[after], 0x0b);
      at = after + 1;
    }
    const [size, body] = uleb(data, at);
    at = body + size;
  }
  assert.ok(top >= 64 * 1024, `a stack of ${top} bytes`);
});

test('a getter that re-enters the client without end: a typed failure, then the next call is right', async () => {
  const srv = await startServer();
  try {
    const args = [ESM_ENTRY, srv.baseUrl, srv.apiKey, SEEDED.bigWorkflowId, String(SEEDED.bigWorkflowVersion)];
    const child = fileURLToPath(new URL('./support/reenter.mjs', import.meta.url));
    // Default stack (the JavaScript one gives first), and a larger one (the shadow stack does).
    for (const flags of [[], ['--stack-size=6000']]) {
      const out = await new Promise((resolve, reject) => {
        execFile(process.execPath, [...flags, child, ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${flags}: ${err.message}\n${stderr}`)) : resolve(stdout),
        );
      });
      const { deepest, outer, again } = JSON.parse(out);
      assert.ok(deepest > 100, `${flags}: ${deepest} levels`);
      assert.ok(outer === 'resolved' || /^(LooplyError|API\w*Error|\w+Error): /.test(outer), `${flags}: ${outer}`);
      assert.doesNotMatch(outer, new RegExp(srv.apiKey), 'the key in an error');
      assert.equal(again, SEEDED.bigWorkflowId, `${flags}: the next call`);
    }
  } finally {
    await srv.close();
  }
});
