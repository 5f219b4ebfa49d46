// Execution records and their state transitions. Pure functions on plain
// objects: the caller decides when (timers) and with which timestamps.

export const STATES = Object.freeze({
  start: 'start_state',
  processing: 'processing_state',
  waiting: 'wait_for_response_state',
  resumed: 'resumed_state',
  completed: 'completed_state',
  failed: 'failed_state',
});

/** The approval step a workflow waits on, if any. */
export const waitingStep = (workflow) => workflow.workflow_steps.find((s) => s.type === 'approval');

const MESSAGES = {
  start_state: () => 'Execution started',
  processing_state: () => 'Processing steps',
  wait_for_response_state: (wf) => `Waiting for a response from ${waitingStep(wf)?.config.channel}`,
  resumed_state: (wf, info) => `Resumed by ${info.source ?? 'API'}`,
  completed_state: () => 'Execution completed',
  failed_state: (wf, info) => `Step "${info.step?.name}" failed: ${info.error}`,
};

/** Condensed input/output of one step, derived from its config. */
function stepIO(step, exec) {
  switch (step.type) {
    case 'trigger':
      return { input: exec.workflow_input_payload, output: { accepted: true } };
    case 'http':
      return { input: { method: step.config.method, url: step.config.url }, output: { status_code: 200 } };
    case 'transform':
      return {
        input: { fields: Object.keys(step.config.mapping).length },
        output: { mapped_fields: Object.keys(step.config.mapping).length },
      };
    case 'approval':
      return { input: { channel: step.config.channel }, output: exec.workflow_input_payload?.resume ?? null };
    default:
      return { input: {}, output: { done: true } };
  }
}

function logStep(exec, step, status, extra = {}) {
  const { input, output } = stepIO(step, exec);
  exec.condensed_logs[step.id] = {
    step_name: step.name,
    type: step.type,
    status,
    input,
    output: status === 'SUCCEEDED' ? output : null,
    ...extra,
  };
}

/** Was the execution's approval answered with a rejection (`approved: false` or `decision: 'rejected'`)? */
function rejected(exec) {
  const resume = exec.workflow_input_payload?.resume;
  return resume?.approved === false || resume?.decision === 'rejected';
}

/**
 * The steps the execution runs, in order: from the first step along the connections; where a
 * step branches, the edge whose condition matches the approval's answer (else the first).
 * Stops at a step it has already visited, so a cycle in the data cannot loop forever.
 */
export function pathOf(exec, workflow) {
  const wanted = rejected(exec) ? 'rejected' : 'approved';
  const byId = new Map(workflow.workflow_steps.map((s) => [s.id, s]));
  const path = [];
  for (let step = workflow.workflow_steps[0]; step && !path.includes(step); ) {
    path.push(step);
    const out = workflow.workflow_connections.filter((c) => c.from === step.id);
    step = byId.get((out.find((c) => c.condition === wanted) ?? out[0])?.to);
  }
  return path;
}

/** Marks as succeeded every not-yet-logged step of the path before `stopIndex` (exclusive). */
function succeedUntil(exec, workflow, stopIndex) {
  pathOf(exec, workflow)
    .slice(0, stopIndex)
    .forEach((step) => {
      if (exec.condensed_logs[step.id]?.status !== 'SUCCEEDED') logStep(exec, step, 'SUCCEEDED');
    });
}

/** Where the path waits: the approval step, else its last step. */
const indexOfWait = (exec, workflow) => {
  const path = pathOf(exec, workflow);
  const i = path.findIndex((s) => s.type === 'approval');
  return i < 0 ? path.length - 1 : i;
};

const STATE_EFFECTS = {
  start_state: () => {},
  processing_state: (exec, wf) => succeedUntil(exec, wf, Math.min(2, indexOfWait(exec, wf))),
  wait_for_response_state: (exec, wf) => {
    succeedUntil(exec, wf, indexOfWait(exec, wf));
    logStep(exec, waitingStep(wf), 'WAITING');
  },
  resumed_state: (exec, wf, info) => {
    const input = exec.workflow_input_payload;
    const base = input && typeof input === 'object' && !Array.isArray(input) ? input : { payload: input };
    exec.workflow_input_payload = { ...base, resume: info.body ?? {} };
    succeedUntil(exec, wf, indexOfWait(exec, wf) + 1);
  },
  completed_state: (exec, wf) => {
    const steps = pathOf(exec, wf).length;
    succeedUntil(exec, wf, steps);
    exec.workflow_output_payload = {
      result: 'success',
      steps_completed: steps,
      approval: exec.workflow_input_payload?.resume ?? null,
    };
  },
  failed_state: (exec, wf, info) => {
    succeedUntil(exec, wf, 1);
    logStep(exec, info.step, 'FAILED', { error: info.error });
    exec.workflow_output_payload = { result: 'failed', error: info.error, failed_step: info.step.id };
  },
};

/** Moves `exec` to `state` at `time`, updating modified_on and both logs. */
export function transition(exec, workflow, state, time, info = {}) {
  exec.workflow_current_state = state;
  exec.modified_on = time;
  STATE_EFFECTS[state](exec, workflow, info);
  exec.workflow_event_log.events.push({ state, timestamp: time, message: MESSAGES[state](workflow, info) });
  exec.workflow_event_log.last_state = state;
}

/** A new execution in start_state. */
export function createExecution({ id, workflow, triggerType, input, time, processId }) {
  const exec = {
    workflow_current_state: null,
    organization_id: workflow.organization_id,
    workflow_execution_id: id,
    modified_by: null,
    workflow_version: workflow.workflow_version,
    workflow_event_log: { events: [], last_state: null },
    workflow_id: workflow.workflow_id,
    workflow_input_payload: input,
    workflow_output_payload: {},
    workflow_trigger_type: triggerType,
    workspace_id: workflow.workspace_id,
    created_on: time,
    modified_on: time,
    condensed_logs: {},
  };
  if (processId !== undefined) exec.process_id = processId;
  transition(exec, workflow, STATES.start, time);
  return exec;
}

/** What getWorkflowExecutionById returns. */
export function executionItem(exec, workflow) {
  const { process_id, ...item } = exec;
  const { workflow_name, workflow_steps, workflow_connections } = workflow;
  return { ...item, workflow_details: { workflow_name, workflow_steps, workflow_connections } };
}

/** What the execution list endpoints return per item. */
export function executionListItem(exec, workflowName) {
  const {
    workflow_id,
    workflow_current_state,
    modified_on,
    organization_id,
    workflow_execution_id,
    modified_by,
    workflow_version,
    workflow_event_log,
    workflow_trigger_type,
    workspace_id,
    created_on,
  } = exec;
  return {
    workflow_id,
    workflow_current_state,
    modified_on,
    organization_id,
    workflow_execution_id,
    modified_by,
    workflow_version,
    workflow_event_log,
    workflow_trigger_type,
    workspace_id,
    created_on,
    workflow_details: { workflow_name: workflowName },
  };
}
