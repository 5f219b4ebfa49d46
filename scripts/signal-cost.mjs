#!/usr/bin/env node
// What Node's fetch charges a call for the signal and the timer of a timeout, against the
// local server (its own process): raw fetch, and raw fetch with each of a timer made and
// cleared, an AbortController's signal, both (the timed fetch of make bench), and the
// package's Cut (pkg-template/src/transport.js: the signal it hands Node's own fetch) with no
// timer of its own (the package's sweeper watches every Cut's deadline with one timer). The
// variants take turns call by call, in an order reversed every other turn; each call's CPU
// (`process.cpuUsage()`, all threads) is read to the event loop's next turn after it.
//
//   node scripts/signal-cost.mjs          # env: ROUNDS (5), N (calls a variant a round: 1000)
//
// docs/benchmarks.md, "A signal of the package's own".
import { Cut } from '../pkg-template/src/transport.js';
import { startServerProcess } from './server-process.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const N = Number(process.env.N ?? 1000);

const server = await startServerProcess('signal-cost');
const { baseUrl, apiKey } = server;
const headers = { 'x-api-key': apiKey };
let url; // a workflow's getWorkflowById, found below
const get = async (signal) => (await fetch(url, signal ? { headers, signal } : { headers })).json();
const timed = async (signal) => {
  const timer = setTimeout(() => {}, 30_000);
  try {
    return await get(signal);
  } finally {
    clearTimeout(timer);
  }
};

const variants = {
  'raw fetch': () => get(),
  'a timer made and cleared': () => timed(),
  "an AbortController's signal": () => get(new AbortController().signal),
  'both (the timed fetch)': () => timed(new AbortController().signal),
  "a Cut (the package's)": () => get(new Cut()),
};
const names = Object.keys(variants);
const cpu = Object.fromEntries(names.map((n) => [n, []]));
const turn = () => new Promise((resolve) => setImmediate(resolve));
try {
  const page = await (await fetch(`${baseUrl}/workflows/getOrganizationWorkflows?limit=1`, { headers })).json();
  const { workflow_id, workflow_version } = page.items[0];
  url = `${baseUrl}/workflows/getWorkflowById?${new URLSearchParams({ workflow_id, workflow_version })}`;
  for (let i = 0; i < Math.min(N, 300); i++) for (const n of names) await variants[n]();
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < N; i++) {
      for (const n of i % 2 ? names : [...names].reverse()) {
        const before = process.cpuUsage();
        await variants[n]();
        await turn();
        const { user, system } = process.cpuUsage(before);
        cpu[n].push(user + system);
      }
    }
  }
} finally {
  server.child.kill();
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const trimmed = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const cut = Math.floor(s.length * 0.05);
  return mean(s.slice(cut, s.length - cut));
};
const [raw] = names;
console.log(`${ROUNDS} rounds of ${N} calls a variant; CPU µs a call (full mean, trimmed 5–95 %), and over raw fetch`);
for (const n of names) {
  const [full, trim] = [mean(cpu[n]), trimmed(cpu[n])];
  const over =
    n === raw
      ? ''
      : `  over raw: ${(full - mean(cpu[raw])).toFixed(1)}, trimmed ${(trim - trimmed(cpu[raw])).toFixed(1)}`;
  console.log(`  ${n.padEnd(30)} ${full.toFixed(1).padStart(7)} ${trim.toFixed(1).padStart(7)}${over}`);
}
