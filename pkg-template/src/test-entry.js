// Entry of the test build (`node scripts/build.mjs --test-hooks`): the package plus hooks
// to make the WebAssembly instance trap and to read its memory size. Never published.
import { __looplyTestTrap, __looplyMemoryBytes } from 'looply:glue';
import { callSync, currentGeneration } from './instance.js';

export * from './index.js';

/** Traps inside a call into the core (as a bug or memory exhaustion would). */
export function trapNow() {
  return callSync(() => __looplyTestTrap());
}

/** The size of the instance's linear memory, in bytes (benchmarks: it must not grow). */
export const memoryBytes = __looplyMemoryBytes;

export { currentGeneration };
