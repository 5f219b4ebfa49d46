// ab-cpu.mjs's ZERO=1: a zero-latency `fetch` (a ready `Response` a call) installed as the
// global one before the builds load, so that it is "the platform's fetch" to them (as in
// scripts/profile.mjs): what is left is each client's own work. Its knobs put back, one at a
// time, what a real fetch against the server does between two of a client's calls, to find
// which of it makes the SDK's own code dearer (docs/benchmarks.md, "What the network adds"):
//
//   POLLUTE=<bytes>  first write a byte of every 64 of a buffer that size (data out of the
//                    caches). 1 and 4 MiB raised the SDK's extra and openapi-fetch's alike.
//   IPOLLUTE=<steps> first run a wasm function of that many straight-line steps (about 11 B
//                    of machine code each: code out of the instruction cache). 4,000 and
//                    16,000 raised the SDK's extra by about 2 µs, openapi-fetch's not at all.
//   REQ=1            first make undici's `Request` of the call's arguments, as the real fetch
//                    does. Without it openapi-fetch, which makes one itself, is the only client
//                    that pays for one: the SDK then reads about 11 µs cheaper than
//                    openapi-fetch, with it about the same.
//   WAIT=echo        answer after a round trip of one byte to a peer in a process of its own
//                    (the wait and the other process, with no HTTP).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { lebBytes, slebBytes } from './wasm-table.mjs';

const ECHO = `const s = require('node:net').createServer((c) => { c.setNoDelay(true); c.on('data', (d) => c.write(d)); });
s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;

/** Installs the zero-latency fetch that `env` asks for; answers the function that stops what it started. */
export async function installZeroFetch(env) {
  const body = JSON.stringify({ item: { workflow_id: 'wf_1', workflow_version: 3, name: 'Onboarding' } });
  const init = { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(body.length) } };
  const pollute = new Uint8Array(Number(env.POLLUTE ?? 0));
  const steps = Number(env.IPOLLUTE ?? 0);
  const run = steps > 0 ? straightLine(steps) : undefined;
  const request = env.REQ === '1';
  const echo = env.WAIT === 'echo' ? await echoPeer() : undefined;
  let x = 0;
  globalThis.fetch = async (url, options) => {
    if (request) new Request(url, options);
    for (let i = 0; i < pollute.length; i += 64) pollute[i]++;
    if (run) x = run(x);
    if (echo) await echo.roundTrip();
    return new Response(body, init);
  };
  return () => echo?.stop();
}

/** A peer process that echoes each byte, and `roundTrip()`: a promise of its answer to one byte. */
async function echoPeer() {
  const child = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [port] = await once(child.stdout, 'data');
  const socket = connect(Number(String(port)), '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const waiting = [];
  socket.on('data', (bytes) => {
    for (let i = 0; i < bytes.length; i++) waiting.shift()?.();
  });
  return {
    roundTrip: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        socket.write('x');
      }),
    stop() {
      socket.destroy();
      child.kill();
    },
  };
}

/** A wasm function `(x) => x` through `steps` straight-line `x = rotl(x * a ^ b, r)`, which no compiler folds. */
function straightLine(steps) {
  const body = [0x00]; // no locals
  for (let i = 0; i < steps; i++) {
    const a = ((i * 2654435761) | 1) & 0x1fffffff; // odd, so that no product folds to 0
    const b = (i * 40503) & 0x1fff;
    // local.get 0, i32.const a, i32.mul, i32.const b, i32.xor, i32.const r, i32.rotl, local.set 0
    body.push(
      0x20,
      0x00,
      0x41,
      ...slebBytes(a),
      0x6c,
      0x41,
      ...slebBytes(b),
      0x73,
      0x41,
      (i % 31) + 1,
      0x77,
      0x21,
      0x00,
    );
  }
  body.push(0x20, 0x00, 0x0b);
  const section = (id, bytes) => [id, ...lebBytes(bytes.length), ...bytes];
  const code = [0x01, ...lebBytes(body.length), ...body];
  const module = new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f]), // (i32) -> i32
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, 0x01, 0x66, 0x00, 0x00]), // export "f"
    ...section(10, code),
  ]);
  return new WebAssembly.Instance(new WebAssembly.Module(module)).exports.f;
}
