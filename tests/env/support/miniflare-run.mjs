// Runs the workerd fixture's bundle (dist/bundle.mjs, made with --conditions=workerd) in
// miniflare, with the .wasm as a CompiledWasm module, sends it one request and prints the
// worker's answer as `RESULT {json}`. Usage, in the fixture's directory:
//   node miniflare-run.mjs <baseUrl> <apiKey>
// A child process of the test, so that miniflare's workerd never outlives it.
import { Miniflare } from 'miniflare';

const [baseUrl, apiKey] = process.argv.slice(2);
const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  modules: true,
  scriptPath: 'dist/bundle.mjs',
  modulesRoot: '.',
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: '2025-01-01',
});
try {
  // dispatchFetch talks to miniflare's own loopback entry; the host name is never resolved.
  const res = await mf.dispatchFetch(`http://127.0.0.1/?baseUrl=${encodeURIComponent(baseUrl)}&apiKey=${apiKey}`);
  const text = await res.text();
  console.log(`RESULT ${JSON.stringify({ status: res.status, ...JSON.parse(text) })}`);
} catch (e) {
  console.log(
    `RESULT ${JSON.stringify({ ok: false, error: { name: e?.name, message: e?.message, stack: e?.stack } })}`,
  );
  process.exitCode = 1;
} finally {
  await mf.dispose().catch(() => {});
}
