#!/usr/bin/env node
// Diagnostics for make bench's Node cold-start rows (branch `nbcold`): where the SDK program's
// and the module program's milliseconds go, in the bench's own harness (its four programs in
// its rotating order, a fresh process each, the same server). Each program prints marks
// (performance.now(), ms after t0, the program's start): `imp` the import resolved, `ctor` the
// constructor returned (SDK), `send` undici's request created (fetch dispatched), `head` the
// response's headers, `body` its last byte (undici's diagnostics channels, subscribed before t0
// so that neither program pays for them), `result` the result; and `boot`, the process's time
// from its origin to t0 (not charged to either). Printed: each mark's median for sdk and
// module, and the paired sdk − module of the steps between marks, with the bench's row
// (result) split by the order of the two programs in the round.
//
//   N=40 node scripts/cold-marks.mjs [package dir]     (default: build/consumer's looply-sdk)
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median, writeFloorModule } from './bench-cold.mjs';
import { startServerProcess } from './server-process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(process.argv[2] ?? join(root, 'build', 'consumer', 'node_modules', 'looply-sdk'));
const ROUNDS = Number(process.env.N ?? 40);
const sdkUrl = pathToFileURL(join(dir, 'index.mjs')).href;
const handUrl = pathToFileURL(join(root, 'scripts', 'hand-fetch.mjs')).href;
const floorUrl = pathToFileURL(writeFloorModule()).href;

const PRE = `const m = {}; const now = () => performance.now() - t0;
const cpu = () => { const u = process.cpuUsage(c0); return (u.user + u.system) / 1000; };
const mark = (k) => { if (m[k] === undefined) { m[k] = now(); m[k + 'Cpu'] = cpu(); } };
const dc = await import('node:diagnostics_channel');
dc.subscribe('undici:request:create', () => mark('send'));
dc.subscribe('undici:request:headers', () => mark('head'));
dc.subscribe('undici:request:trailers', () => mark('body'));
const c0 = process.cpuUsage(); const t0 = performance.now(); m.boot = t0;`;
const POST = "mark('result'); console.log(JSON.stringify(m));";

function progs(srv, ids) {
  const query = `workflow_id=${ids.workflow_id}&workflow_version=${ids.workflow_version}`;
  const url = `${srv.baseUrl}/workflows/getWorkflowById?${query}`;
  const key = `{ 'x-api-key': '${srv.apiKey}' }`;
  return {
    sdk: `${PRE}
const { LooplyClient } = await import(${JSON.stringify(sdkUrl)}); mark('imp');
const c = new LooplyClient({ apiKey: '${srv.apiKey}', baseUrl: '${srv.baseUrl}', dangerouslyAllowBrowser: true }); mark('ctor');
await c.getWorkflowById(${JSON.stringify(ids)});
${POST}`,
    inline: `${PRE}
const res = await fetch('${url}', { headers: ${key} });
if (!res.ok) throw new Error(res.status);
await res.json();
${POST}`,
    module: `${PRE}
const { getJson } = await import(${JSON.stringify(handUrl)}); mark('imp'); mark('ctor');
await getJson('${url}', ${key});
${POST}`,
    floor: `${PRE}
const { getJson } = await import(${JSON.stringify(floorUrl)}); mark('imp'); mark('ctor');
await getJson('${url}', ${key});
${POST}`,
  };
}

const ORDER = ['sdk', 'inline', 'module', 'floor'];
const rotate = (i) => ORDER.map((_, k) => ORDER[(k + i) % ORDER.length]);

const srv = await startServerProcess('cold-marks', ['--ttl-seconds', '1800']);
try {
  const { LooplyClient } = await import(sdkUrl);
  const first = (
    await new LooplyClient({ apiKey: srv.apiKey, baseUrl: srv.baseUrl }).getOrganizationWorkflows({ limit: 1 })
  ).items[0];
  const code = progs(srv, { workflow_id: first.workflow_id, workflow_version: first.workflow_version });
  const runs = { sdk: [], inline: [], module: [], floor: [] };
  const orders = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = rotate(i);
    orders.push(order);
    for (const who of order) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code[who]]);
      runs[who].push(JSON.parse(stdout));
    }
    if ((i + 1) % 10 === 0) process.stderr.write(`cold-marks: ${i + 1}/${ROUNDS}\n`);
  }
  const marks = ['boot', 'imp', 'ctor', 'send', 'head', 'body', 'result'];
  const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : '-').padStart(8);
  console.log(`cold-marks: ${dir}, ${ROUNDS} rounds (medians, ms after t0; boot: ms before t0)`);
  console.log(`  ${''.padEnd(26)}${marks.map((k) => k.padStart(8)).join('')}`);
  for (const who of ORDER)
    console.log(`  ${who.padEnd(26)}${marks.map((k) => f(median(runs[who].map((r) => r[k])))).join('')}`);
  // The steps between marks, each program's, and the paired sdk − module (floor − module).
  const steps = [
    ['import', 'imp', null],
    ['ctor', 'ctor', 'imp'],
    ['to send', 'send', 'ctor'],
    ['server', 'head', 'send'],
    ['body', 'body', 'head'],
    ['to result', 'result', 'body'],
    ['row', 'result', null],
  ];
  for (const sfx of ['', 'Cpu']) {
    const step = (r, [, to, from]) => r[to + sfx] - (from ? r[from + sfx] : 0);
    console.log(
      `\n  steps, ${sfx ? 'process CPU' : 'wall'}${''.padEnd(sfx ? 7 : 14)}${steps.map(([n]) => n.padStart(10)).join('')}`,
    );
    for (const who of ['sdk', 'module', 'floor']) {
      console.log(
        `  ${who.padEnd(26)}${steps
          .map((s) =>
            median(runs[who].map((r) => step(r, s)))
              .toFixed(2)
              .padStart(10),
          )
          .join('')}`,
      );
    }
    for (const who of ['sdk', 'floor']) {
      const d = (s, pick = () => true) =>
        median(runs[who].map((r, i) => step(r, s) - step(runs.module[i], s)).filter((_, i) => pick(i)));
      console.log(
        `  ${`${who} - module (paired)`.padEnd(26)}${steps.map((s) => d(s).toFixed(2).padStart(10)).join('')}`,
      );
      for (const [name, pick] of [
        [`  ${who} ran before module`, (i) => orders[i].indexOf(who) < orders[i].indexOf('module')],
        [`  ${who} ran after module`, (i) => orders[i].indexOf(who) > orders[i].indexOf('module')],
      ]) {
        console.log(`  ${name.padEnd(26)}${steps.map((s) => d(s, pick).toFixed(2).padStart(10)).join('')}`);
      }
    }
  }
} finally {
  srv.child.kill();
}
