#!/usr/bin/env node
// `make lint`: no import cycles among the crate's modules. A module's dependencies are the
// `crate::…` paths its code names (comments and `#[cfg(test)] mod tests` left out), taken
// at the level of the top-level modules and of the submodules of `wasm` and `client`.
// Fails, naming each cycle, when one module reaches itself through others.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const GROUPED = ['wasm', 'client'];

function* rustFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'bin') yield* rustFiles(path);
    } else if (name.endsWith('.rs')) yield path;
  }
}

/** `wasm/calls.rs` → `wasm::calls`; `client/fetch/io.rs` → `client::fetch`; `lib.rs` → `lib`. */
function moduleOf(path) {
  const parts = relative(src, path)
    .replace(/\.rs$/, '')
    .replace(/\/mod$/, '')
    .split('/');
  return GROUPED.includes(parts[0]) && parts.length > 1 ? parts.slice(0, 2).join('::') : parts[0];
}

const modules = new Set([...rustFiles(src)].map(moduleOf));
const deps = new Map();
for (const path of rustFiles(src)) {
  const me = moduleOf(path);
  if (me === 'lib' || me === 'fuzz') continue;
  let code = readFileSync(path, 'utf8');
  const tests = code.indexOf('#[cfg(test)]\nmod tests');
  if (tests >= 0) code = code.slice(0, tests);
  code = code.replace(/\/\/.*$/gm, '');
  for (const [, p] of code.matchAll(/crate::([a-z_]+(?:::[a-z_]+)?)/g)) {
    const [top, sub] = p.split('::');
    const target = GROUPED.includes(top) && sub && modules.has(`${top}::${sub}`) ? `${top}::${sub}` : top;
    const inside = target === me || target.startsWith(`${me}::`) || me.startsWith(`${target}::`);
    if (!inside && modules.has(target)) deps.set(me, (deps.get(me) ?? new Set()).add(target));
  }
}

// Each cycle once: a depth-first walk that reports a path back to a module on the stack.
const cycles = new Set();
const walk = (stack) => {
  for (const next of deps.get(stack.at(-1)) ?? []) {
    const at = stack.indexOf(next);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const first = cycle.indexOf([...cycle].sort()[0]);
      cycles.add([...cycle.slice(first), ...cycle.slice(0, first)].join(' -> '));
    } else walk([...stack, next]);
  }
};
for (const m of deps.keys()) walk([m]);
if (cycles.size > 0) {
  for (const c of cycles) console.error(`check-modules: import cycle: ${c} -> ${c.split(' -> ')[0]}`);
  process.exit(1);
}
console.log(`check-modules: no import cycles among ${modules.size} modules`);
