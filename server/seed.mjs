// Deterministic seeded data: one organization, 12 workflows (30 versions) and
// N executions. Execution i depends only on i, so the first executions (and
// SEEDED.waitingExecution) are the same whatever N is.
import { createRng } from './prng.mjs';
import { USERS } from './catalog.mjs';
import { buildWorkflows } from './workflows.mjs';
import { STATES, createExecution, transition, waitingStep } from './executions.mjs';

/** Fixed "now" of the seeded data (2025-11-24T16:00:00Z); seeded executions are older. */
export const BASE_TIME = 1_764_000_000_000;
const SEEDS = { organization: 0x10071, workflows: 0x20071, executions: 0x30071 };
const SPACING_MS = 20 * 60_000;
/** Out of every 25 executions, this many belong to the big (first) workflow. */
const BIG_PER_25 = 18;
const ERRORS = [
  'Upstream returned 500',
  'Timeout after 10000 ms',
  'Validation failed: amount is required',
  'Connection refused',
];

const isBig = (i) => i % 25 < BIG_PER_25;

/** How many of `n` seeded executions belong to the big workflow. */
export const bigWorkflowExecutionCount = (n) => Math.floor(n / 25) * BIG_PER_25 + Math.min(n % 25, BIG_PER_25);

function seedWorkflows() {
  const rng = createRng(SEEDS.organization);
  const organizationId = `org_01${rng.base32(24)}`;
  const workspaceId = `ws_01${rng.base32(24)}`;
  const workflows = buildWorkflows({
    baseTime: BASE_TIME,
    organizationId,
    workspaceId,
    rng: createRng(SEEDS.workflows),
  });
  return { organizationId, workspaceId, workflows };
}

/** Workflow versions grouped per workflow id, in id order. */
function groupVersions(workflows) {
  const groups = new Map();
  workflows.forEach((wf) => groups.set(wf.workflow_id, [...(groups.get(wf.workflow_id) ?? []), wf]));
  return [...groups.values()];
}

/** How a seeded execution ends; some completed approvals were rejected (the other branch). */
function finalState(i, workflow, rng) {
  const r = rng.float();
  if (i === 0) return { final: STATES.waiting };
  if (!waitingStep(workflow)) return { final: r < 0.15 ? STATES.failed : STATES.completed };
  return { final: r < 0.12 ? STATES.waiting : r < 0.27 ? STATES.failed : STATES.completed, rejected: r >= 0.85 };
}

/** Replays the life of a seeded execution with plausible time gaps. */
function playTo(exec, workflow, { final, rejected }, rng) {
  let time = exec.created_on + rng.int(200, 900);
  transition(exec, workflow, STATES.processing, time);
  time += rng.int(1_000, 6_000);
  if (final === STATES.failed) {
    transition(exec, workflow, final, time, { step: workflow.workflow_steps[1], error: rng.pick(ERRORS) });
    return;
  }
  const approval = waitingStep(workflow);
  if (approval) {
    transition(exec, workflow, STATES.waiting, time);
    if (final === STATES.waiting) return;
    const source = approval.config.channel;
    time += rng.int(60_000, 4 * 3_600_000);
    const decision = rejected ? 'rejected' : 'approved';
    transition(exec, workflow, STATES.resumed, time, { source, body: { source, decision, approver: rng.pick(USERS) } });
    time += rng.int(500, 3_000);
  }
  transition(exec, workflow, STATES.completed, time);
}

function seedExecution(i, groups) {
  const rng = createRng(SEEDS.executions, i);
  const group = isBig(i) ? groups[0] : groups[1 + rng.int(0, groups.length - 2)];
  const workflow = i === 0 || rng.chance(0.7) ? group.at(-1) : rng.pick(group);
  const exec = createExecution({
    id: rng.uuid(),
    workflow,
    triggerType: group.at(-1).workflow_schedule ? 'SCHEDULE' : 'REQUEST',
    input: { ...workflow.workflow_mock_payload, request_ref: `REQ-${100_000 + i}`, submitted_by: rng.pick(USERS) },
    time: BASE_TIME - i * SPACING_MS - rng.int(0, SPACING_MS - 1),
  });
  playTo(exec, workflow, finalState(i, workflow, rng), rng);
  return exec;
}

/** The full seeded state for `executions` executions (plain JSON-able objects). */
export function seedData({ executions = 360 } = {}) {
  const { organizationId, workspaceId, workflows } = seedWorkflows();
  const groups = groupVersions(workflows);
  const list = Array.from({ length: executions }, (_, i) => seedExecution(i, groups));
  return { organizationId, workspaceId, workflows, executions: list };
}

function describeSeed() {
  const { organizationId, workspaceId, workflows } = seedWorkflows();
  const groups = groupVersions(workflows);
  const big = groups[0].at(-1);
  const scheduled = workflows.find((wf) => wf.workflow_schedule);
  const waiting = seedExecution(0, groups);
  return Object.freeze({
    organizationId,
    workspaceId,
    bigWorkflowId: big.workflow_id,
    bigWorkflowName: big.workflow_name,
    bigWorkflowVersion: big.workflow_version,
    scheduledWorkflowId: scheduled.workflow_id,
    scheduledWorkflowVersion: scheduled.workflow_version,
    waitingExecution: Object.freeze({
      workflow_id: waiting.workflow_id,
      workflow_execution_id: waiting.workflow_execution_id,
    }),
    workflowCount: groups.length,
    workflowVersionCount: workflows.length,
  });
}

/** Well-known ids of the seeded data (the same for any `executions` >= 1). */
export const SEEDED = describeSeed();
