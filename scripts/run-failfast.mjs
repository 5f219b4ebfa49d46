// Runs node commands a few at a time and stops at the first one that fails, killing the
// rest (their whole process groups: `node --test` runs each file in a child of its own).
// For the mutation tools' test commands: a caught mutant should cost the time of its first
// failing test file, not of the whole list; a survivor costs the longest file, not the sum.
//
// A failure counts only if the command fails again when run alone: a busy machine can fail
// a test that waits on time, and a mutant must not be counted as caught by that. A failure
// that does not repeat is written to the log (`flakes`) and the run goes on.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

/** Starts `node …args`; `done` resolves to its exit code and the end of its output. */
function runOne(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const done = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
  return { child, done };
}

const kill = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
};

/**
 * Resolves to 0 if every command (an argument list for node) exits 0, else to the exit code
 * of the first one that failed twice. `flakes`: a file to note failures that did not repeat.
 */
export async function runFailFast(commands, { parallel = 3, flakes } = {}) {
  const queue = [...commands];
  const live = new Set();
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => {
      for (const child of live) kill(child);
      process.exit(1);
    });
  }
  while (queue.length > 0) {
    const batch = new Map(); // child → its command
    const failure = await new Promise((resolve) => {
      let pending = 0;
      let settled = false;
      const launch = () => {
        while (!settled && batch.size < parallel && queue.length > 0) {
          const args = queue.shift();
          pending++;
          const { child, done } = runOne(args);
          batch.set(child, args);
          live.add(child);
          done.then(({ code, output }) => {
            pending--;
            batch.delete(child);
            live.delete(child);
            if (settled) return;
            if (code !== 0) {
              settled = true;
              return resolve({ args, output });
            }
            if (pending === 0 && queue.length === 0) {
              settled = true;
              return resolve(null);
            }
            launch();
          });
        }
      };
      launch();
    });
    if (!failure) return 0;
    // Put back what was still running, then run the failed command alone.
    for (const [child, args] of batch) {
      kill(child);
      queue.unshift(args);
    }
    const again = await runOne(failure.args).done;
    if (again.code !== 0) {
      process.stderr.write(`failed: node ${failure.args.join(' ')}\n${again.output.slice(-4000)}\n`);
      return again.code;
    }
    if (flakes)
      appendFileSync(
        flakes,
        `${new Date().toISOString()} did not repeat: node ${failure.args.join(' ')}\n${failure.output.slice(-3000)}\n\n`,
      );
  }
  return 0;
}

/** The package's test files that take longest, slowest first (a few seconds each; the rest take one). */
const SLOW = ['hostile', 'retry-rules', 'wait', 'resilience', 'client', 'validation', 'testing-entry', 'observability'];
const rank = (file) => {
  const i = SLOW.findIndex((s) => file.includes(`/${s}.test`));
  return i < 0 ? SLOW.length : i;
};
/** `items` sorted so that the slowest test files come first; `fileOf` reads an item's file. */
export const slowestFirst = (items, fileOf = (x) => x) => [...items].sort((a, b) => rank(fileOf(a)) - rank(fileOf(b)));
