#!/usr/bin/env node
// Type-checks tests/types/consumer.ts with `tsc --strict` against the installed tarball in
// build/consumer/ (see scripts/consumer.mjs), under moduleResolution "bundler" and "node16".
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build', 'consumer');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

const variants = {
  bundler: { module: 'esnext', moduleResolution: 'bundler', file: 'consumer.ts' },
  'node16-esm': { module: 'node16', moduleResolution: 'node16', file: 'consumer.mts' },
  'node16-cjs': { module: 'node16', moduleResolution: 'node16', file: 'consumer.cts' },
};
let failed = 0;
for (const [name, v] of Object.entries(variants)) {
  copyFileSync(join(root, 'tests', 'types', 'consumer.ts'), join(dir, v.file));
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
    files: [v.file],
  };
  const tsconfig = join(dir, `tsconfig.${name}.json`);
  writeFileSync(tsconfig, JSON.stringify(config, null, 2));
  try {
    execFileSync(tsc, ['-p', tsconfig], { cwd: dir, stdio: 'inherit' });
    console.log(`ok - tsc --strict (${name})`);
  } catch {
    console.log(`not ok - tsc --strict (${name})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
