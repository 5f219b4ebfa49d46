#!/usr/bin/env node
// Packs pkg/ with `npm pack` and installs the tarball into build/consumer/, so that tests
// load the package exactly as a user gets it: through its `exports` map, from node_modules.
//   build/consumer/esm.mjs  re-exports `import 'looply-sdk'`
//   build/consumer/cjs.cjs  re-exports `require('looply-sdk')`
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'build', 'consumer');
const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const tarball = JSON.parse(npm(['pack', join(root, 'pkg'), '--json', '--pack-destination', dir], root))[0].filename;
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'looply-sdk-consumer', private: true }, null, 2));
npm(['install', '--no-audit', '--no-fund', '--offline', join(dir, tarball)], dir);
writeFileSync(join(dir, 'esm.mjs'), "export * from 'looply-sdk';\n");
writeFileSync(join(dir, 'cjs.cjs'), "module.exports = require('looply-sdk');\n");
writeFileSync(join(dir, 'testing.mjs'), "export * from 'looply-sdk/testing';\n");
writeFileSync(join(dir, 'testing.cjs'), "module.exports = require('looply-sdk/testing');\n");
writeFileSync(join(dir, 'proxy.mjs'), "export * from 'looply-sdk/proxy';\n");
writeFileSync(join(dir, 'proxy.cjs'), "module.exports = require('looply-sdk/proxy');\n");
const files = readdirSync(join(dir, 'node_modules', 'looply-sdk'));
console.log(`consumer: installed ${tarball} (${files.join(', ')}) in ${dir}`);
