// Drives triggered and resumed executions through their states on timers.
import { randomUUID } from 'node:crypto';
import { HttpError } from './http-util.mjs';
import { STATES, createExecution, transition, waitingStep } from './executions.mjs';

/** The state a running execution moves to next, or null when it rests. */
function nextState(exec, workflow) {
  switch (exec.workflow_current_state) {
    case STATES.start:
      return STATES.processing;
    case STATES.processing:
      return waitingStep(workflow) ? STATES.waiting : STATES.completed;
    case STATES.resumed:
      return STATES.completed;
    default:
      return null;
  }
}

/**
 * @param {{store: import('./store.mjs').Store, timers: import('./timers.mjs').Timers, delayMs: number, onChange: () => void}} deps
 */
export function createLifecycle({ store, timers, delayMs, onChange }) {
  const workflowOf = (exec) => store.workflow(exec.workflow_id, exec.workflow_version);

  function scheduleNext(exec) {
    const next = nextState(exec, workflowOf(exec));
    if (next) timers.after(delayMs, () => move(exec, next));
  }

  function move(exec, state, info) {
    transition(exec, workflowOf(exec), state, Math.max(Date.now(), exec.modified_on), info);
    onChange();
    scheduleNext(exec);
  }

  return {
    /** Starts a new REQUEST execution of `workflow`; it advances every `delayMs`. */
    trigger(workflow, input, processId) {
      const exec = createExecution({
        id: randomUUID(),
        workflow,
        triggerType: 'REQUEST',
        input,
        time: store.nextCreatedOn(),
        processId,
      });
      store.addExecution(exec);
      onChange();
      scheduleNext(exec);
      return exec;
    },

    /** Resumes a waiting execution with `body`; throws 409 when it is not waiting. */
    resume(exec, body) {
      if (exec.workflow_current_state !== STATES.waiting) {
        throw new HttpError(409, `Execution is not waiting for a response (state: ${exec.workflow_current_state})`);
      }
      move(exec, STATES.resumed, { source: body.source, body });
    },

    /** Restarts the timers of executions that were mid-way when the state was saved. */
    continueRunning() {
      store.orgOrder.forEach(scheduleNext);
    },
  };
}
