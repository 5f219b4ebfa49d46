#!/usr/bin/env node
// The JavaScript functions one warm sequential getWorkflowById runs, counted by V8's precise
// coverage (call counts), by script: the package entry's own (index.mjs: only the SDK's call
// runs them, so make bench's other clients evict them) and Node's and undici's (shared with
// the other clients). Against the local server (its own process); 200 calls warm it first.
// Branch `nfoot` (docs/benchmarks-log.md, "Notes of branch `nfoot`"): what a call touches, counted.
//
//   node scripts/call-js-functions.mjs pkg            # CALLS=10: the mean over 10 calls
//
// Precise coverage changes how V8 runs the code (it keeps counters), so this counts, it does
// not time. A function's source bytes are its range in the bundled file (a nested function's
// bytes are counted in its parent's too).
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServerProcess } from './server-process.mjs';

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
const server = await startServerProcess('call-js-functions');
try {
  const { LooplyClient } = await import(pathToFileURL(resolve(process.argv[2] ?? 'pkg', 'index.mjs')).href);
  const client = new LooplyClient({ apiKey: 'looply-demo-key', baseUrl: server.baseUrl, logLevel: 'off' });
  const wf = (await client.getOrganizationWorkflows({ limit: 1 })).items[0];
  const query = { workflow_id: wf.workflow_id, workflow_version: wf.workflow_version };
  for (let i = 0; i < 200; i++) await client.getWorkflowById(query);
  await session.post('Profiler.takePreciseCoverage'); // resets the counts
  const N = Number(process.env.CALLS ?? 1);
  for (let i = 0; i < N; i++) await client.getWorkflowById(query);
  const { result } = await session.post('Profiler.takePreciseCoverage');
  const by = new Map();
  for (const script of result) {
    const ran = script.functions.filter((f) => f.ranges[0].count > 0);
    if (ran.length === 0) continue;
    const { url } = script;
    const key = url.endsWith('/index.mjs')
      ? 'the entry (index.mjs)'
      : url.startsWith('node:')
        ? `node:${url.split(':')[1].split('/')[1]}`
        : url;
    const e = by.get(key) ?? { functions: 0, calls: 0, bytes: 0, names: [] };
    e.functions += ran.length;
    e.calls += ran.reduce((s, f) => s + f.ranges[0].count, 0);
    e.bytes += ran.reduce((s, f) => s + f.ranges[0].endOffset - f.ranges[0].startOffset, 0);
    if (key.startsWith('the entry'))
      e.names.push(...ran.map((f) => `${f.functionName || '(anonymous)'}×${f.ranges[0].count / N}`));
    by.set(key, e);
  }
  for (const [key, e] of [...by].sort((a, b) => b[1].functions - a[1].functions)) {
    console.log(`${key}: ${e.functions} functions, ${e.calls / N} calls a call, ${e.bytes} B of source`);
    if (e.names.length > 0) console.log(`  ${e.names.join(' ')}`);
  }
} finally {
  server.child.kill();
}
process.exit(0);
