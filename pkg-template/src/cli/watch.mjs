// `looply watch WORKFLOW EXECUTION`: one execution followed until it settles, through the
// client's watchExecution (an async iterable of the execution each time it changes).
import { seconds } from './args.mjs';
import { FAILED, OUTCOME_FAILED, TIMEOUT, eventLine, eventsOf, workflowOf } from './executions.mjs';
import { stateLabel, when } from './output.mjs';

/** What changed since `last`: the events after the `shown` first, or the state when there is no event log. */
function progressLines(out, x, last, shown) {
  if (last === undefined) out.print(`Execution ${x.workflow_execution_id} of ${workflowOf(x)}`);
  const events = eventsOf(x);
  if (events.length > shown) out.print(...events.slice(shown).map(eventLine));
  else if (!events.length) out.print(`  ${when(x.modified_on)}  ${stateLabel(x.workflow_current_state)}`);
}

const watch = {
  name: 'watch',
  synopsis: 'watch WORKFLOW EXECUTION [--timeout SECONDS]',
  summary: 'Follows an execution, a line for each new event, until it settles.',
  details: [
    'It settles when completed, failed or waiting for a response. --json: each change as one line',
    'of JSON (the execution). Exit 3 when it failed or did not settle in time.',
  ],
  args: ['WORKFLOW', 'EXECUTION'],
  options: { timeout: TIMEOUT },
  async run({ client, args, values, out }) {
    const timeoutMs = seconds(values, 'timeout');
    const ids = { workflow_id: args.WORKFLOW, workflow_execution_id: args.EXECUTION };
    const spin = out.progress('Watching');
    let last;
    let shown = 0;
    try {
      for await (const x of client.watchExecution(ids, timeoutMs ? { timeoutMs } : undefined)) {
        if (out.json) out.value(x, { line: true });
        else progressLines(out, x, last, shown);
        shown = eventsOf(x).length;
        last = x;
        spin.update(`Watching: ${stateLabel(x.workflow_current_state)}`);
      }
    } finally {
      spin.stop();
    }
    if (!out.json) out.print(`${stateLabel(last?.workflow_current_state)}.`);
    return last?.workflow_current_state === FAILED ? OUTCOME_FAILED : 0;
  },
};

export const WATCH_COMMANDS = [watch];
