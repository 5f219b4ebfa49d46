// The externref table (where the wasm keeps the JavaScript values it holds, a slot each) stays
// as large as the most values held at once, however many calls make and free them: the
// crate's own allocator of slots (src/wasm/xref.rs) hands a freed slot out again before it
// grows the table. (That a freed slot lets its value go, memory.test.mjs checks: a finished
// call keeps nothing of its answer.) The test build
// (`node scripts/build.mjs --test-hooks`) is instantiated here under a `WebAssembly.Instance`
// that keeps the instance, whose exports hold the table.
//
// Catches: a freed slot never handed out again (the table grows with every value a call
// makes: planted, the table grew by 59,800 slots), or a slot handed out while another value
// holds it (the answers below check each call's own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import binaryen from 'binaryen';
import { ownSlotAllocator } from '../../scripts/wasm-table.mjs';

const instances = [];
const { Instance } = WebAssembly;
WebAssembly.Instance = function KeptInstance(...args) {
  const instance = new Instance(...args);
  instances.push(instance);
  return instance;
};
// A fresh copy of the test build (its own instance), made under the wrapper above.
const sdk = await import(new URL('../../build/pkg-test-hooks/index.mjs?xref', import.meta.url).href);
WebAssembly.Instance = Instance;

/** The package's externref table (its instance made at import; the other is the wasm's unpacker). */
function table() {
  const tables = instances.flatMap((i) => Object.values(i.exports).filter((v) => v instanceof WebAssembly.Table));
  assert.equal(tables.length, 1, 'one table among the instances made at import');
  return tables[0];
}

/** A client whose fetch answers at once: a page that names the call's own `limit`. */
function client() {
  return new sdk.LooplyClient({
    apiKey: 'sk-xref-test',
    baseUrl: 'http://127.0.0.1:9',
    maxRetries: 0,
    logLevel: 'off',
    fetch: async (url) => {
      const limit = new URL(url).searchParams.get('limit');
      if (limit % 7 === 0) return new Response('{"message":"Not Found"}', { status: 404 });
      const body = { message: 'success', count: 1, items: [{ workflow_id: `w${limit}` }] };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    },
  });
}

/** One call with `limit` (its answer checked: its own workflow, or the 404 it was given). */
async function call(c, limit) {
  const answer = await c.getOrganizationWorkflows({ limit }).catch((e) => e);
  if (limit % 7 === 0) assert.ok(answer instanceof sdk.NotFoundError, String(answer));
  else assert.equal(answer.items?.[0].workflow_id, `w${limit}`, String(answer));
}

test('thousands of calls, one at a time and 50 at once, leave the externref table as large as before', async () => {
  const c = client();
  const t = table();
  for (let i = 1; i <= 200; i++) await call(c, 1 + (i % 30));
  // The most values held at once: 50 calls in flight.
  await Promise.all(Array.from({ length: 50 }, (_, i) => call(c, 1 + (i % 30))));
  const size = t.length;
  for (let round = 0; round < 40; round++) {
    for (let i = 1; i <= 50; i++) await call(c, 1 + (i % 30));
    await Promise.all(Array.from({ length: 50 }, (_, i) => call(c, 1 + (i % 30))));
  }
  assert.equal(t.length, size, `the table grew by ${t.length - size} slots over 4,000 calls`);
});

/** A module exporting a function under each of `names`, each answering its own number. */
function exporting(names) {
  const m = binaryen.parseText(`(module
${names.map((name, i) => ` (func (export "${name}") (result i32) (i32.const ${i}))`).join('\n')}
)`);
  const bytes = m.emitBinary();
  m.dispose();
  return bytes;
}

/** What each export of `bytes` answers, by name. */
function answers(bytes) {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  return Object.fromEntries(Object.entries(exports).map(([name, f]) => [name, f()]));
}

// Catches a build step that leaves wasm-bindgen's pair in place (its slab, 0.3 KB, stays and
// the crate's goes unused), that renames the wrong one, or that goes on when a name is missing.
test("the build exports the crate's slot allocator under wasm-bindgen's names, and fails without it", () => {
  const all = [
    'before',
    '__externref_table_alloc',
    '__looply_xref_alloc',
    '__externref_table_dealloc',
    '__looply_xref_dealloc',
    'after',
  ];
  assert.deepEqual(answers(ownSlotAllocator(exporting(all))), {
    before: 0,
    __externref_table_alloc: 2,
    __externref_table_dealloc: 4,
    after: 5,
  });
  for (const name of all.slice(1, 5))
    assert.throws(
      () => ownSlotAllocator(exporting(all.filter((n) => n !== name))),
      new RegExp(`does not export ${name}`),
    );
});
