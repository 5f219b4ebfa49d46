// Entry of the test build (`node scripts/build.mjs --test-hooks`): the package plus hooks
// that make the WebAssembly instance trap, to test recovery. Never published.
import { __looplyTestTrap, __looplyTestTrapAfter, __looplyMemoryBytes } from 'looply:glue';
import { callSync, currentGeneration, track } from './instance.js';

export * from './index.js';

/** Traps synchronously inside a call into the core. */
export function trapNow() {
  return callSync(() => __looplyTestTrap());
}

/** Starts a call that traps inside a promise continuation once `promise` settles. */
export function trapAfter(promise) {
  return track(() => __looplyTestTrapAfter(promise));
}

export { currentGeneration };

/** The size of the instance's linear memory, in bytes (benchmarks: it must not grow). */
export const memoryBytes = __looplyMemoryBytes;
