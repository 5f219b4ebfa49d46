// Entry of the test build (`node scripts/build.mjs --test-hooks`): the package plus hooks
// to make the WebAssembly instance trap, to read its memory size, to count the core's
// pagers that were not freed and the core's clients that were. Never published.
import { __looplyTestTrap, __looplyMemoryBytes } from 'looply:glue';
import { callSync, currentGeneration, HELD, live } from './instance.js';
import { Paginator } from './paginator.js';

export * from './index.js';

/** Traps inside a call into the core (as a bug or memory exhaustion would). */
export function trapNow() {
  return callSync(() => __looplyTestTrap());
}

/** The size of the instance's linear memory, in bytes (benchmarks: it must not grow). */
export const memoryBytes = __looplyMemoryBytes;

export { currentGeneration };

/** The number of a core object (`[number, generation]`), or the stale-object error once its instance was replaced. */
export const liveNumber = live;

// Every pager the core hands out (its Paginator holds it: HELD), less those freed at once
// (HELD's `unregister`, not by the garbage collector's finalizer, which comes late or
// never): a walk that ends must free its own. And every core client freed at once: a public
// client's free() (or Symbol.dispose) frees its core once, and never a core of a failed
// instance into the new one (which frees nothing, and unregisters nothing).
let pagers = 0;
let freedCores = 0;
const { register, unregister } = HELD;
HELD.register = function registerCounted(holder, ...rest) {
  if (holder instanceof Paginator) pagers++;
  return register.call(this, holder, ...rest);
};
HELD.unregister = function unregisterCounted(holder) {
  if (holder instanceof Paginator) pagers--;
  else freedCores++;
  return unregister.call(this, holder);
};

/** The core's pagers not yet freed. */
export const livePagers = () => pagers;

/** The core clients freed so far. */
export const freedClients = () => freedCores;
