#!/usr/bin/env node
// Type-checks tests/types/consumer.ts, tests/types/proxy.ts (looply-sdk/proxy) and
// tests/types/workflows.ts (typed workflow payloads) with `tsc --strict` against the installed tarball in build/consumer/ (see scripts/consumer.mjs), under
// moduleResolution "bundler" and "node16".
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build', 'consumer');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const variants = {
  bundler: { module: 'esnext', moduleResolution: 'bundler', ext: '.ts' },
  'node16-esm': { module: 'node16', moduleResolution: 'node16', ext: '.mts' },
  'node16-cjs': { module: 'node16', moduleResolution: 'node16', ext: '.cts' },
};
// Each its own program: consumer.ts without Node's types (the package must not need them),
// proxy.ts (looply-sdk/proxy in an app's server) with them, workflows.ts (its augmentation of
// LooplyWorkflows would reach the others) without.
const sources = { consumer: 'consumer.ts', 'proxy-consumer': 'proxy.ts', workflows: 'workflows.ts' };
let failed = 0;
for (const [base, source] of Object.entries(sources)) {
  for (const [name, v] of Object.entries(variants)) {
    const file = `${base}${v.ext}`;
    copyFileSync(join(root, 'tests', 'types', source), join(dir, file));
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        lib: ['es2022', 'dom'],
        module: v.module,
        moduleResolution: v.moduleResolution,
        skipLibCheck: false,
        types: [],
      },
      files: [file],
    };
    const label = base === 'consumer' ? name : `${base}, ${name}`;
    const tsconfig = join(dir, `tsconfig.${base === 'consumer' ? name : `${base}.${name}`}.json`);
    writeFileSync(tsconfig, JSON.stringify(config, null, 2));
    try {
      execFileSync(tsc, ['-p', tsconfig], { cwd: dir, stdio: 'inherit' });
      console.log(`ok - tsc --strict (${label})`);
    } catch {
      console.log(`not ok - tsc --strict (${label})`);
      failed++;
    }
  }
}
process.exit(failed ? 1 : 0);
