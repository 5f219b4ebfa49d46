// A Rust WebAssembly app that depends on the crate (examples/app.rs: its own global allocator,
// its own export, the `client` feature), built as an app author builds one, then bound with
// wasm-bindgen and run in Node against the local server.
//
// Catches: anything of the npm package's layer reaching a Rust app (the crate's global
// allocator, which would not even compile beside the app's; the `LooplyClient` class, its
// option types or the `transport.js` snippet in the app's bindings; the package's exports in
// its wasm); a Rust client that does not work from an app. It prints what the crate adds to
// the app (examples/empty_app.rs is the same app without it), after `wasm-opt -Oz`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SEEDED, startServer } from '../../server/looply-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'build', 'rust-app');
const APPS = ['app', 'empty_app'];
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });

/** The bound app `name`: its directory (wasm-bindgen's output for Node) and its `.d.ts`. */
const bound = (name) => ({ dir: join(out, name), dts: readFileSync(join(out, name, `${name}.d.ts`), 'utf8') });

let srv;
before(async () => {
  run('cargo', [
    'build',
    '--release',
    '--target',
    'wasm32-unknown-unknown',
    '--features',
    'client',
    ...APPS.flatMap((name) => ['--example', name]),
  ]);
  rmSync(out, { recursive: true, force: true });
  for (const name of APPS) {
    const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'release', 'examples', `${name}.wasm`);
    run('wasm-bindgen', ['--target', 'nodejs', '--out-dir', join(out, name), wasm]);
  }
  // wasm-bindgen's Node glue is CommonJS; the repository's package.json says "module".
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  srv = await startServer({ port: 0 });
});
after(() => srv?.close());

test("the app's bindings are its own: no class, option type, export or snippet of the npm package", () => {
  const { dir, dts } = bound('app');
  assert.match(dts, /export function triggerAndRead\(/);
  for (const name of ['LooplyClient', 'ClientOptions', 'RequestOptions', 'Logger', 'LogLevel', 'WalkOptions'])
    assert.doesNotMatch(dts, new RegExp(`\\b${name}\\b`), `${name} in the app's .d.ts`);
  assert.equal(existsSync(join(dir, 'snippets')), false, 'a glue snippet (transport.js) came along');
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(join(dir, 'app_bg.wasm'))));
  const theirs = exports.map((e) => e.name).filter((n) => /looplyclient|pager|__call|endpoints/i.test(n));
  assert.deepEqual(theirs, [], 'the npm package exports in the app');
});

test('the app calls the service through the crate: trigger, then read the execution', async () => {
  const app = createRequire(import.meta.url)(join(bound('app').dir, 'app.js'));
  const state = await app.triggerAndRead(srv.baseUrl, srv.apiKey, SEEDED.bigWorkflowId);
  assert.equal(typeof state, 'string');
  assert.ok(state.endsWith('_state'), state);
  const sent = srv.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`);
  assert.deepEqual(sent, [
    `POST /v1/workflows/triggerworkflow/${SEEDED.bigWorkflowId}`,
    'GET /v1/workflows/getWorkflowExecutionById',
  ]);
  // The crate's errors become JavaScript errors named after their class (From<Error> for JsValue).
  await assert.rejects(app.triggerAndRead(srv.baseUrl, 'wrong-key', SEEDED.bigWorkflowId), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'PermissionDeniedError');
    assert.equal(e.message, 'Forbidden');
    assert.equal(e.status, 403);
    assert.equal(typeof e.requestId, 'string');
    return true;
  });
});

test('what the crate adds to a release app, after wasm-opt -Oz (printed, not judged)', () => {
  const sizes = {};
  for (const name of APPS) {
    const { dir } = bound(name);
    const wasm = join(dir, `${name}_bg.wasm`);
    const opt = join(dir, `${name}.opt.wasm`);
    run(join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--all-features', wasm, '-o', opt]);
    const bytes = readFileSync(opt);
    const glue = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    sizes[name] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, glue };
  }
  const { app, empty_app: empty } = sizes;
  console.log(
    `rust app: wasm ${app.raw} B (${app.gzip} B gzipped), glue ${app.glue} B; the same app without the crate: ` +
      `${empty.raw} B (${empty.gzip} B), glue ${empty.glue} B; the crate adds ${app.raw - empty.raw} B ` +
      `(${app.gzip - empty.gzip} B gzipped) of wasm and ${app.glue - empty.glue} B of glue`,
  );
  assert.ok(app.raw > empty.raw);
});
