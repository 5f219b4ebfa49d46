// Execution states in words, for people (a console, a terminal, a dashboard): the one table the
// package's CLI, the demo console and apps share.

/**
 * The states the service sends (the local server's vocabulary) whose words are not their
 * name's: the others (`processing_state`, `resumed_state`, `completed_state`, `failed_state`)
 * read as their name does, made readable below.
 */
const STATE_LABELS = {
  __proto__: null,
  start_state: 'Started',
  wait_for_response_state: 'Waiting for response',
};

/**
 * An execution state in words: `'wait_for_response_state'` → `'Waiting for response'`; a state
 * this version does not know is made readable (`'on_hold_state'` → `'On hold'`); `''` for
 * anything that is not a non-empty string.
 */
export function stateLabel(state) {
  if (typeof state !== 'string' || !state) return '';
  const words =
    STATE_LABELS[state] ??
    state
      .replace(/_state$/, '')
      .replace(/[_-]+/g, ' ')
      .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
