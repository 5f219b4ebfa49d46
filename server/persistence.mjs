// Optional persistence of the whole state to one JSON file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isStoreData } from './store.mjs';

export const SAVE_DEBOUNCE_MS = 200;

/** The saved state in `file`, or null when there is none (or it is unusable, with a warning). */
export async function loadState(file, warn) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') warn(`Cannot read ${file} (${err.code}); starting from seeded data`);
    return null;
  }
  try {
    const data = JSON.parse(text);
    if (isStoreData(data)) return data;
  } catch {
    // falls through to the warning
  }
  warn(`${file} is not a Looply local server state file; starting from seeded data (it will be overwritten)`);
  return null;
}

async function writeAtomically(file, text) {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * Debounced saving: schedule() after each change, flush() on close.
 * Writes are chained so they never overlap.
 */
export function createSaver({ file, snapshot, timers, warn }) {
  let pending = null;
  let chain = Promise.resolve();
  const write = () => {
    pending = null;
    chain = chain
      .then(() => writeAtomically(file, JSON.stringify(snapshot())))
      .catch((err) => warn(`Saving ${file} failed: ${err.message}`));
    return chain;
  };
  return {
    schedule() {
      pending ??= timers.after(SAVE_DEBOUNCE_MS, write);
    },
    flush() {
      timers.cancel(pending);
      return write();
    },
  };
}
