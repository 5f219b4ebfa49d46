// Unknown names are refused, never ignored: `timeout` for `timeoutMs` would leave a call
// without the timeout its author meant, `baseURL` would send it to the default host. The
// known names come from the core (its endpoint tables and option names, which
// src/bin/describe/ writes into `looply:facts`) or, for the waiter's and triggerMany's own options, from
// wait.js and many.js.
import { ValidationError } from './errors.js';

/** A ValidationError of parameter or option `param`: "`param` `rule`". */
export const invalid = (param, rule) => new ValidationError(`${param} ${rule}`, { param });

/** Checks a method's own `options`: an object (arrays aside, which are), with no name but `known`. */
export function checkOptions(options, known) {
  if (!isObject(options)) throw invalid('options', 'must be an object');
  checkNames(options, known, 'option');
}

/** Whether `v` is an object (not null). */
export const isObject = (v) => v !== null && typeof v === 'object';

/** Whether `v` is an object with names (not null, not an array). */
export const isPlainObject = (v) => isObject(v) && !Array.isArray(v);

/** Throws a ValidationError naming the first key of `obj` not in `known` (`what`: "option", "parameter of getWorkflowById"). */
export function checkNames(obj, known, what) {
  if (!isPlainObject(obj)) return; // the core says what it must be
  // An index, not `for … of`: code in V8's baseline tiers (run once a call) runs an iterator in full.
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    if (!known.includes(keys[i])) throw unknownName(keys[i], what, known);
  }
}

/** "unknown option 'timeout'; did you mean 'timeoutMs'?" */
function unknownName(key, what, known) {
  const name = key.slice(0, 64);
  const [noun] = what.split(' '); // "parameter", then the rest of `what` after the name
  const near = nearest(key, known);
  const message = `unknown ${noun} '${name}'${what.slice(noun.length)}${near ? `; did you mean '${near}'?` : ''}`;
  return new ValidationError(message, { param: name });
}

/**
 * The known name closest to `key` (case aside), when it is close enough to be a typo: by
 * edit distance (a swap of two neighbours counts once) to the whole name or to its last `_`
 * part (`verison` → `workflow_version`), at most a third of the key's length rounded up (2
 * for short keys). Ties go to the longer shared start (`workflow_exec_id` →
 * `workflow_execution_id`, not `workflow_id`).
 */
export function nearest(key, known) {
  const k = key.toLowerCase();
  const limit = Math.max(2, Math.ceil(k.length / 3));
  let best;
  let bestDistance = Infinity;
  let bestShared = 0;
  for (const name of known) {
    const lower = name.toLowerCase();
    const d = Math.min(distance(k, lower), distance(k, lower.slice(lower.lastIndexOf('_') + 1)));
    let shared = 0;
    // Stryker disable next-line EqualityOperator: one step past the end reads undefined on both sides at most, which adds one to every tie alike.
    while (shared < k.length && k[shared] === lower[shared]) shared++;
    if (d <= limit && (d < bestDistance || (d === bestDistance && shared > bestShared))) {
      best = name;
      bestDistance = d;
      bestShared = shared;
    }
  }
  return best;
}

/** Optimal-string-alignment distance (short names only). */
function distance(a, b) {
  if (a.length > 64 || b.length > 64) return Infinity;
  // Stryker disable next-line ArrayDeclaration: every row, the first too, is written before it is read.
  const d = [];
  for (let i = 0; i <= a.length; i++) {
    d[i] = [i];
    for (let j = 1; j <= b.length; j++) {
      // A swap of neighbours (on the first row or column, a[-1] or b[-1] is undefined: no swap).
      const swap = a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1] ? d[i - 2][j - 2] + 1 : Infinity;
      d[i][j] = i ? Math.min(d[i - 1][j - 1] + (a[i - 1] !== b[j - 1]), d[i - 1][j] + 1, d[i][j - 1] + 1, swap) : j;
    }
  }
  return d[a.length][b.length];
}
