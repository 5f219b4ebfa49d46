// A client's key function's fetch (the lane that asks for the key before each attempt is the
// client's Observer, observe.js).

/** What the core is given for a key that a function supplies: never sent (`keyed` sets the real one). */
export const KEY_SLOT = 'looply-sdk-key-from-a-function';

/** A fetch (the given one, else the global one at the time of each attempt) that sends `lane.key`. */
export function keyed(lane, fetch) {
  return (url, init) => {
    // Once an attempt: its redirects (the same init) keep the key it started with.
    if (init.headers.get('x-api-key') === KEY_SLOT) init.headers.set('x-api-key', lane.key);
    return (fetch ?? globalThis.fetch)(url, init);
  };
}
