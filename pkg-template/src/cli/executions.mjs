// `looply executions` and `looply execution WORKFLOW EXECUTION`: the executions (newest first,
// all pages unless --limit), and one of them.
import { count } from './args.mjs';
import { stateLabel, when } from './output.mjs';

/** The settled state that means the execution failed: exit 3 where a command waited for it. */
export const FAILED = 'failed_state';

/** Exit code of a command that waited for an execution which failed (or ran out of time). */
export const OUTCOME_FAILED = 3;

/** `--timeout SECONDS`, for the commands that wait. */
export const TIMEOUT = {
  type: 'string',
  help: 'SECONDS',
  doc: 'how long to wait before giving up with exit 3 (default 300)',
};

export const workflowOf = (x) => x.workflow_details?.workflow_name ?? x.workflow_id;

const executions = {
  name: 'executions',
  synopsis: 'executions [--workflow ID] [--limit N]',
  summary: "Lists executions, newest first: the organization's, or one workflow's.",
  options: {
    workflow: { type: 'string', help: 'ID', doc: "only this workflow's executions" },
    limit: { type: 'string', help: 'N', doc: 'at most N executions, newest first (default: all)' },
  },
  async run({ client, values, out }) {
    const maxItems = count(values, 'limit');
    const walk = values.workflow
      ? client.paginateWorkflowExecutionHistory({ workflow_id: values.workflow, maxItems })
      : client.paginateOrganizationExecutions({ maxItems });
    const spin = out.progress('Reading executions');
    const items = [];
    try {
      for await (const x of walk) {
        items.push(x);
        spin.update(`Reading executions: ${items.length}`);
      }
    } finally {
      spin.stop();
    }
    if (out.json) return out.value(items);
    if (items.length === 0) return out.print('No executions.');
    out.table(
      ['EXECUTION ID', 'WORKFLOW', 'VERSION', 'STATE', 'TRIGGER', 'CREATED (UTC)'],
      items.map((x) => [
        x.workflow_execution_id,
        workflowOf(x),
        x.workflow_version,
        stateLabel(x.workflow_current_state),
        x.workflow_trigger_type,
        when(x.created_on),
      ]),
    );
  },
};

/** An event of the execution's log as a line: when, the state in words, what happened. */
export const eventLine = (e) =>
  `  ${when(e.timestamp)}  ${stateLabel(e.state).padEnd(20)}  ${e.message ?? ''}`.trimEnd();

export const eventsOf = (x) => (Array.isArray(x.workflow_event_log?.events) ? x.workflow_event_log.events : []);

/** One execution in words: where it is, its events, and how each step went. */
export function describeExecution(out, x) {
  out.print(
    `Execution ${x.workflow_execution_id}`,
    `  workflow  ${workflowOf(x)} (${x.workflow_id}, version ${x.workflow_version})`,
    `  state     ${stateLabel(x.workflow_current_state)}`,
    `  trigger   ${x.workflow_trigger_type ?? '-'}`,
    `  created   ${when(x.created_on)} UTC`,
    `  modified  ${when(x.modified_on)} UTC`,
  );
  const events = eventsOf(x);
  if (events.length) out.print('', 'Events', ...events.map(eventLine));
  const steps = Object.entries(x.condensed_logs ?? {});
  if (steps.length) {
    out.print('', 'Steps');
    out.table(
      ['  ID', 'NAME', 'STATUS'],
      steps.map(([id, s]) => [`  ${id}`, s?.step_name, s?.status]),
    );
  }
}

const execution = {
  name: 'execution',
  synopsis: 'execution WORKFLOW EXECUTION',
  summary: 'Shows one execution: its state, events and steps.',
  args: ['WORKFLOW', 'EXECUTION'],
  async run({ client, args, out }) {
    const { item } = await client.getWorkflowExecutionById({
      workflow_id: args.WORKFLOW,
      workflow_execution_id: args.EXECUTION,
    });
    if (out.json) return out.value(item);
    describeExecution(out, item);
  },
};

export const EXECUTION_COMMANDS = [executions, execution];
