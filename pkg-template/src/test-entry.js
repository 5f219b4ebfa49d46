// Entry of the test build (`node scripts/build.mjs --test-hooks`): the package plus hooks
// to make the WebAssembly instance trap, to read its memory size, to count the core's
// pagers that were not freed and the core's clients that were. Never published.
import { LooplyClient as Core, Pager, __looplyTestTrap, __looplyMemoryBytes } from 'looply:glue';
import { callSync, currentGeneration } from './instance.js';

export * from './index.js';

/** Traps inside a call into the core (as a bug or memory exhaustion would). */
export function trapNow() {
  return callSync(() => __looplyTestTrap());
}

/** The size of the instance's linear memory, in bytes (benchmarks: it must not grow). */
export const memoryBytes = __looplyMemoryBytes;

export { currentGeneration };

// Every pager the core hands out, less those freed by `free()` (not by the garbage collector's
// finalizer, which comes late or never): a walk that ends must free its own.
let pagers = 0;
const wrap = Pager.__wrap;
Pager.__wrap = (ptr) => {
  pagers++;
  return wrap.call(Pager, ptr);
};
const free = Pager.prototype.free;
Pager.prototype.free = function freeCounted() {
  pagers--;
  return free.call(this);
};

/** The core's pagers not yet freed. */
export const livePagers = () => pagers;

// Every core client freed by `free()`: a public client's free() (or Symbol.dispose) frees
// its core once, and never a core of a failed instance into the new one.
let freedCores = 0;
const freeCore = Core.prototype.free;
Core.prototype.free = function freeCounted() {
  freedCores++;
  return freeCore.call(this);
};

/** The core clients freed so far. */
export const freedClients = () => freedCores;
