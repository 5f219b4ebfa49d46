// `client.triggerMany(items, { concurrency, signal })`: a list of triggers, at most
// `concurrency` in flight, each sent at most once (a trigger's own retry rule), settled in the
// order of `items` as `Promise.allSettled` settles.
import { checkOptions, invalid } from './names.js';

const OPTIONS = ['concurrency', 'signal'];
const DEFAULT_CONCURRENCY = 4;

/** The triggers' results in the order of `items`: `{ status: 'fulfilled', value }` or `{ status: 'rejected', reason }`. */
export async function triggerMany(client, items, options = {}) {
  if (!Array.isArray(items)) throw invalid('items', 'must be an array of triggerWorkflow parameters');
  checkOptions(options, OPTIONS);
  const { concurrency = DEFAULT_CONCURRENCY, signal } = options;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw invalid('concurrency', 'must be a whole number from 1 to 1000');
  // Stryker disable next-line ConditionalExpression: performance only ({ signal: undefined } is the same call, checked the longer way)
  const callOptions = signal === undefined ? undefined : { signal }; // the call checks it
  // Stryker disable next-line ArrayDeclaration: every index is assigned below, so the length given first changes nothing
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      // The call in an async arrow: a throw before its promise (a subclass's, an item's getter) settles it too.
      [results[i]] = await Promise.allSettled([(async () => client.triggerWorkflow(items[i], callOptions))()]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
