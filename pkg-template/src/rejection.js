// The one place that turns what the Rust core rejected with (a descriptor such as
// `{ looplyError: 'NotFoundError', message, status, … }`) into an error class.
import { ERROR_CLASSES } from './classes.js';
import { LooplyError } from './errors.js';

/** Turns whatever the core rejected with into a `LooplyError`. */
export function toLooplyError(e) {
  if (e instanceof LooplyError) return e;
  const name = e && typeof e === 'object' ? e.looplyError : undefined;
  const cls = ERROR_CLASSES.get(name); // a name that is no class's: undefined
  if (cls) return new cls(e.message, e);
  const detail = e && typeof e.message === 'string' ? e.message : String(e);
  return new LooplyError(`looply-sdk: internal error (a bug in the SDK, please report it): ${detail}`, {
    cause: e,
  });
}
