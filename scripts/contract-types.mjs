#!/usr/bin/env node
// The shipped openapi.json through openapi-typescript (the types people generate from it),
// checked against the package's own .d.ts with `tsc --strict`: for every operation, the
// document's parameters and 200 answer and the SDK method's parameters and result must be
// assignable both ways. Runs on the installed tarball in build/consumer/ (make test-types).
//   node scripts/contract-types.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { BROWSER_TS } from './tsconfig.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const consumer = join(root, 'build', 'consumer');
const dir = join(consumer, 'contract');
const spec = JSON.parse(readFileSync(join(consumer, 'node_modules', 'looply-sdk', 'openapi.json'), 'utf8'));
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'openapi.d.ts'), astToString(await openapiTS(spec)));

/**
 * Each operation and the SDK method it is: the same name, but for an optional last path
 * parameter, which the document writes as a second operation (`…WithVersion`).
 */
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.values(item).map((op) => {
    const base = Object.keys(spec.paths).find((p) => p !== path && path.startsWith(`${p}/{`));
    const tail = base && path.slice(base.length).match(/^\/\{(\w+)\}$/)?.[1];
    const method = tail ? op.operationId.replace(/With\w+$/, '') : op.operationId;
    return { id: op.operationId, method, tail, body: bodyShape(op) };
  }),
);

/** How the SDK passes the request body: as `payload`, as the parameters themselves, or none. */
function bodyShape(op) {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema) return 'none';
  return schema.properties && schema.required?.length ? 'fields' : 'payload';
}

const lines = [
  "import type { operations } from './openapi';",
  "import type { LooplyClient } from 'looply-sdk';",
  '',
  '/** `true` when A and B are assignable to each other; else a type that names the failing direction. */',
  'type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : "the document\'s type does not accept the SDK\'s") : "the SDK\'s type does not accept the document\'s";',
  'type Op<K extends keyof operations> = operations[K];',
  '/** A part of the parameters (`never` when the operation has none there). */',
  'type Part<T> = [NonNullable<T>] extends [never] ? {} : NonNullable<T>;',
  'type Query<K extends keyof operations> = Part<Op<K>["parameters"]["query"]>;',
  'type Path<K extends keyof operations> = Part<Op<K>["parameters"]["path"]>;',
  'type Body<K extends keyof operations> = Op<K> extends { requestBody?: { content: { "application/json": infer B } } } ? B : never;',
  'type Answer<K extends keyof operations> = Op<K>["responses"][200]["content"]["application/json"];',
  'type Method<M extends keyof LooplyClient> = LooplyClient[M] extends (...args: any[]) => any ? LooplyClient[M] : never;',
  'type Params<M extends keyof LooplyClient> = NonNullable<Parameters<Method<M>>[0]>;',
  'type Result<M extends keyof LooplyClient> = Awaited<ReturnType<Method<M>>>;',
  '',
];
for (const { id, method, tail, body } of operations) {
  let doc = `Query<'${id}'> & Path<'${id}'>`;
  if (body === 'payload') doc += ` & { payload?: Body<'${id}'> }`;
  if (body === 'fields') doc += ` & Body<'${id}'>`;
  // The SDK's one method has the optional parameter; each operation, with or without it.
  const sdk = tail
    ? `Params<'${method}'> & { ${tail}: NonNullable<Params<'${method}'>['${tail}']> }`
    : `Omit<Params<'${method}'>, ${optionalTailOf(method)}>`;
  lines.push(`export const params_${id}: Mutual<${doc}, ${sdk}> = true;`);
  lines.push(`export const answer_${id}: Mutual<Answer<'${id}'>, Result<'${method}'>> = true;`);
}
writeFileSync(join(dir, 'check.ts'), `${lines.join('\n')}\n`);

/** The optional path parameter that a second operation of `method` covers ('never' when none). */
function optionalTailOf(method) {
  const tail = operations.find((o) => o.method === method && o.tail)?.tail;
  return tail ? `'${tail}'` : 'never';
}

const tsconfig = join(dir, 'tsconfig.json');
writeFileSync(
  tsconfig,
  JSON.stringify(
    {
      compilerOptions: { ...BROWSER_TS, noEmit: true },
      files: ['check.ts'],
    },
    null,
    2,
  ),
);
try {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', tsconfig], { cwd: dir, stdio: 'inherit' });
  console.log(
    `ok - openapi-typescript's types and the .d.ts agree both ways (${operations.length} operations, tsc --strict)`,
  );
} catch {
  console.log(
    "not ok - openapi-typescript's types and the .d.ts disagree (see the errors above; build/consumer/contract/check.ts)",
  );
  process.exit(1);
}
