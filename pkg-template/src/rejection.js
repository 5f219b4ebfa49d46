// The one place that turns what the Rust core rejected with (a descriptor such as
// `{ looplyError: 'NotFoundError', message, status, … }`) into an error class.
import * as CLASSES from './errors.js';

/** Turns whatever the core rejected with into a `LooplyError`. */
export function toLooplyError(e) {
  if (e instanceof CLASSES.LooplyError) return e;
  const name = e && typeof e === 'object' ? e.looplyError : undefined;
  const cls = Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined; // a name that is no class's: undefined
  if (cls) return new cls(e.message, e);
  const detail = e && typeof e.message === 'string' ? e.message : String(e);
  return new CLASSES.LooplyError(`looply-sdk: internal error (a bug in the SDK, please report it): ${detail}`, {
    cause: e,
  });
}
