// `looply trigger`, `looply resume` and `looply schedule`: the calls that change something.
import { WaitTimeoutError } from 'looply-sdk';
import { PAYLOAD, UsageError, payload, seconds } from './args.mjs';
import { FAILED, OUTCOME_FAILED, TIMEOUT, describeExecution } from './executions.mjs';
import { stateLabel, unwrap } from './output.mjs';

const trigger = {
  name: 'trigger',
  synopsis: 'trigger ID [--version N] [--payload JSON|@FILE] [--wait] [--timeout SECONDS]',
  summary: 'Runs a workflow; with --wait, waits until its execution settles.',
  details: [
    'It settles when completed, failed or waiting for a response. --json prints',
    '{ looply_execution_id }, or with --wait the execution. Exit 3 when it failed or did not',
    'settle in time.',
  ],
  args: ['ID'],
  options: {
    version: { type: 'string', help: 'N', doc: "the workflow version (default: the service's)" },
    payload: PAYLOAD,
    wait: { type: 'boolean', doc: 'wait for the execution to settle' },
    timeout: TIMEOUT,
  },
  async run({ client, args, values, out, cwd }) {
    if (values.timeout !== undefined && !values.wait) throw new UsageError('--timeout needs --wait');
    const timeoutMs = seconds(values, 'timeout');
    const body = await payload(values, cwd);
    const params = { workflow_id: args.ID };
    if (values.version !== undefined) params.workflow_version = values.version;
    if (body !== undefined) params.payload = body;
    if (!values.wait) {
      const answer = await client.triggerWorkflow(params);
      if (out.json) return out.value(unwrap(answer));
      return out.print(`Triggered ${args.ID}: execution ${answer.looply_execution_id}`);
    }
    const spin = out.progress('Triggering');
    const onPoll = (x) => spin.update(`Waiting: ${stateLabel(x.workflow_current_state)}`);
    let execution;
    try {
      ({ execution } = await client.triggerWorkflowAndWait(params, { onPoll, ...(timeoutMs && { timeoutMs }) }));
    } catch (e) {
      // The last state seen, before the error's line (main prints it and exits 3).
      if (e instanceof WaitTimeoutError && e.execution) show(out, e.execution);
      throw e;
    } finally {
      spin.stop();
    }
    show(out, execution);
    return execution.workflow_current_state === FAILED ? OUTCOME_FAILED : 0;
  },
};

function show(out, execution) {
  if (out.json) out.value(execution);
  else describeExecution(out, execution);
}

const resume = {
  name: 'resume',
  synopsis: 'resume PROCESS --source TEAMS|SAP [--payload JSON|@FILE]',
  summary: 'Resumes an execution that waits for a response.',
  details: ["PROCESS is the trigger's process_id, or the execution id. --payload's fields go with source."],
  args: ['PROCESS'],
  options: {
    source: { type: 'string', help: 'TEAMS|SAP', doc: 'where the response comes from (required)' },
    payload: PAYLOAD,
  },
  async run({ client, args, values, out, cwd }) {
    if (values.source === undefined) throw new UsageError('--source is required');
    const body = (await payload(values, cwd)) ?? {};
    if (body.source !== undefined && body.source !== values.source)
      throw new UsageError(`the payload's source '${body.source}' is not --source ${values.source}`);
    const answer = await client.resumeWorkflow({
      process_id: args.PROCESS,
      payload: { ...body, source: values.source },
    });
    if (out.json) return out.value(unwrap(answer));
    const id = answer.looply_execution_id;
    out.print(`Resumed ${args.PROCESS}${id && id !== args.PROCESS ? ` (execution ${id})` : ''}`);
  },
};

const schedule = {
  name: 'schedule',
  synopsis: 'schedule pause|play ID --version N',
  summary: "Pauses or resumes a scheduled workflow's schedule.",
  args: ['ACTION', 'ID'],
  options: { version: { type: 'string', help: 'N', doc: 'the workflow version (required)' } },
  async run({ client, args, values, out }) {
    const action = { pause: 'PAUSE', play: 'PLAY' }[args.ACTION];
    if (!action) throw new UsageError(`the action is pause or play, not '${args.ACTION}'`);
    if (values.version === undefined) throw new UsageError('--version is required');
    const answer = await client.toggleScheduledWorkflow({
      workflow_id: args.ID,
      workflow_version: values.version,
      action,
    });
    if (out.json) return out.value(unwrap(answer));
    const status = { ACTIVE: 'active', PAUSED: 'paused' }[answer.status] ?? answer.status;
    out.print(`Schedule of ${answer.workflow_id} version ${answer.workflow_version}: ${status}`);
  },
};

export const ACTION_COMMANDS = [trigger, resume, schedule];
