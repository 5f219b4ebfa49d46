// Every timer the server starts goes through here, so close() can clear them
// all and none of them keeps the process alive (all are unref'd).

export class Timers {
  #entries = new Set();
  #disposed = false;

  /** Runs `fn` after `ms`; returns a handle for cancel(). After dispose() nothing is scheduled. */
  after(ms, fn) {
    const entry = { onCancel: null };
    if (this.#disposed) return entry;
    entry.timer = setTimeout(() => {
      this.#entries.delete(entry);
      fn();
    }, ms);
    entry.timer.unref();
    this.#entries.add(entry);
    return entry;
  }

  /** Cancels a pending timer (no-op when it already ran or was cancelled). */
  cancel(entry) {
    if (!entry || !this.#entries.delete(entry)) return;
    clearTimeout(entry.timer);
    entry.onCancel?.();
  }

  /** Resolves true after `ms`, or false as soon as `signal` aborts or clearAll() runs. */
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted || this.#disposed) return resolve(false);
      const onAbort = () => this.cancel(entry);
      const entry = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
      entry.onCancel = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  get size() {
    return this.#entries.size;
  }

  clearAll() {
    [...this.#entries].forEach((entry) => this.cancel(entry));
  }

  /** Clears everything and refuses new timers (used by close()). */
  dispose() {
    this.#disposed = true;
    this.clearAll();
  }
}
