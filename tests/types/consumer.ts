// A consumer of the published declarations: calls every method with typed parameters
// and reads typed results. Compiled with `tsc --strict --noEmit` by scripts/typecheck.mjs
// under moduleResolution "bundler" and "node16", against the installed tarball.
import {
  LooplyClient,
  LooplyError,
  APIError,
  NotFoundError,
  ValidationError,
  ResponseDecodeError,
  type ClientOptions,
  type RequestOptions,
  type ExecutionsPage,
  type OrganizationWorkflowsPage,
  type Workflow,
  type WorkflowStatus,
  type ScheduleStatus,
  type ExecutionsKey,
  type Paginator,
  type WorkflowExecutionSummary,
  type WorkflowSummary,
  type ExecutionState,
  type ResumePayload,
  type ScheduleAction,
  type WorkflowStep,
  SETTLED_STATES,
  WaitTimeoutError,
} from 'looply-sdk';

const options: ClientOptions = { apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1', timeoutMs: 5000, maxRetries: 1 };
const client = new LooplyClient(options);
const call: RequestOptions = { signal: new AbortController().signal, timeoutMs: 100, headers: { 'x-trace': '1' } };

export async function everyMethod(): Promise<void> {
  const t = await client.triggerWorkflow({ workflow_id: 'w', workflow_version: 1, payload: { a: 1 } }, call);
  const id: string = t.looply_execution_id;
  await client.triggerWorkflow({ workflow_id: 'w' });
  const r = await client.resumeWorkflow({ process_id: id, payload: { source: 'TEAMS', note: 'ok' } });
  const m: string | undefined = r.message;
  await client.runWorkflowAction({ action: 'resumeworkflow', process_id: id });
  const tog = await client.toggleScheduledWorkflow({ workflow_id: 'w', workflow_version: '2', action: 'PAUSE' });
  const status: ScheduleStatus = tog.status;
  const ex = await client.getWorkflowExecutionById({ workflow_id: 'w', workflow_execution_id: id });
  const state: string = ex.item.workflow_current_state;
  const log: Record<string, unknown> = ex.item.workflow_event_log;
  const hist: ExecutionsPage = await client.getWorkflowExecutionHistory({ workflow_id: 'w', limit: 30 });
  const next = hist.lastKey?.workflow_execution_id;
  await client.getWorkflowExecutionHistory({ workflow_id: 'w', workflow_execution_id: next });
  const org = await client.getOrganizationExecutions({ limit: 10 });
  const created: number = org.items[0].created_on;
  await client.getOrganizationExecutions();
  const wf = await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 });
  const item: Workflow = wf.item;
  const latest: 'true' | 'false' = item.latest;
  const steps: unknown[] = item.workflow_steps;
  const ws: WorkflowStatus = item.workflow_status;
  const page: OrganizationWorkflowsPage = await client.getOrganizationWorkflows({ limit: 5 });
  const key = page.lastKey
    ? { workflow_id: page.lastKey.workflow_id, workflow_version: page.lastKey.workflow_version }
    : {};
  await client.getOrganizationWorkflows(key);
  const schema = await client.getWorkflowSchemaById({ workflow_id: 'w', workflow_version: 1 });
  const mock: Record<string, unknown> = schema.item.workflow_mock_payload;
  void [m, status, state, log, created, latest, steps, ws, mock];
}

// What people reach for first is typed (the answers' types come from openapi.json's schemas).
export async function completeTypes(): Promise<void> {
  const wf = (await client.getWorkflowById({ workflow_id: 'w', workflow_version: 1 })).item;
  const cron: string | undefined = wf.workflow_schedule?.cron;
  const paused: boolean | undefined = wf.workflow_schedule?.paused;
  const step: WorkflowStep = wf.workflow_steps[0];
  const branch: string | undefined = wf.workflow_connections[0].condition;
  const system: string = wf.workflow_integrations.sap_prod.type;
  const createdBy: string | null = wf.created_by;
  const x = (await client.getWorkflowExecutionById({ workflow_id: 'w', workflow_execution_id: 'e' })).item;
  const name: string = x.workflow_details.workflow_name;
  const settled: ExecutionState = x.workflow_current_state;
  const entered: ExecutionState | undefined = x.workflow_event_log.events?.[0].state;
  const stepStatus: string = x.condensed_logs.step_1.status;
  const known: ExecutionState = 'completed_state';
  const other: ExecutionState = 'a_state_added_later';
  const listed = (await client.getOrganizationWorkflows()).items[0].workflow_schedule?.timezone;
  // @ts-expect-error a field the answers do not have
  void wf.workflow_schedul;
  void [cron, paused, step.type, branch, system, createdBy, name, settled, entered, stepStatus, known, other, listed];
}

export function errors(e: unknown): string {
  if (e instanceof NotFoundError) return `${e.status} ${e.requestId ?? ''}`;
  if (e instanceof APIError) return `${e.status} ${JSON.stringify(e.body)} ${e.headers['content-type']}`;
  if (e instanceof ResponseDecodeError) return e.body;
  if (e instanceof ValidationError) return e.param;
  if (e instanceof LooplyError) return e.message;
  return 'unknown';
}

// Literal unions reject values the API does not list.
// @ts-expect-error: action must be 'PAUSE' or 'PLAY'
client.toggleScheduledWorkflow({ workflow_id: 'w', workflow_version: 1, action: 'STOP' });
// @ts-expect-error: source must be 'TEAMS' or 'SAP'
client.resumeWorkflow({ process_id: 'p', payload: { source: 'EMAIL' } });
// @ts-expect-error: workflow_version is required
client.getWorkflowById({ workflow_id: 'w' });
// A method with a required parameter needs its parameters object (a declaration that makes
// every `params` optional would let these through).
// @ts-expect-error: getWorkflowById's parameters are required
client.getWorkflowById();
// @ts-expect-error: the history paginator needs workflow_id
client.paginateWorkflowExecutionHistory();

// Paginators are async iterables of typed items, with pages() and a resumable lastKey.
export async function paginators(): Promise<void> {
  const history = client.paginateWorkflowExecutionHistory({ workflow_id: 'w', maxItems: 100 });
  for await (const execution of history) {
    const id: string = execution.workflow_execution_id;
    void id;
  }
  const key: ExecutionsKey | null | undefined = history.lastKey;
  const all: WorkflowExecutionSummary[] = await client.paginateOrganizationExecutions({ limit: 30 }).toArray();
  if (key) await client.paginateOrganizationExecutions({ lastKey: key }).toArray();
  for await (const page of client.paginateOrganizationWorkflows().pages()) {
    const items: WorkflowSummary[] = page.items;
    void items;
  }
  const p: Paginator<WorkflowSummary> = client.paginateOrganizationWorkflows({ maxItems: 5 });
  const iterable: AsyncIterable<WorkflowSummary> = p;
  void [all, iterable];
}

// Production visibility: withResponse(), logging options, events, fetchOptions, derived clients.
export async function observability(): Promise<void> {
  const lines: string[] = [];
  const logged = new LooplyClient({
    apiKey: 'k',
    logLevel: 'debug',
    logger: {
      error: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      info: (m) => lines.push(m),
      debug: (m) => lines.push(m),
    },
    fetchOptions: { keepalive: true, cache: 'no-store', dispatcher: {} },
  });
  const { data, response, requestId } = await logged
    .getWorkflowById({ workflow_id: 'w', workflow_version: 1 })
    .withResponse();
  const name: string = data.item.workflow_name;
  const status: number = response.status;
  const rid: string | null = requestId;
  logged
    .on('request', (e) => lines.push(`${e.method} ${e.url} ${e.attempt} ${e.headers['x-api-key']}`))
    .on('response', (e) => lines.push(`${e.status} ${e.elapsedMs} ${e.requestId ?? ''} ${e.error ?? ''}`));
  const quick: LooplyClient = logged.withOptions({ timeoutMs: 1000, logLevel: 'off' });
  await quick.getOrganizationWorkflows({}, { fetchOptions: { priority: 'high' } });
  void [name, status, rid];
}

// Waiting for an execution.
export async function waiting(): Promise<void> {
  const { looply_execution_id, execution } = await client.triggerWorkflowAndWait(
    { workflow_id: 'w' },
    { pollIntervalMs: 500 },
  );
  const again = await client.waitForExecution(
    { workflow_id: 'w', workflow_execution_id: looply_execution_id },
    {
      until: (x) => x.workflow_current_state === 'completed_state',
      timeoutMs: 60_000,
      onPoll: (x) => void x.workflow_current_state,
    },
  );
  const states: readonly string[] = SETTLED_STATES;
  try {
    await client.waitForExecution({ workflow_id: 'w', workflow_execution_id: 'e' }, { until: ['failed_state'] });
  } catch (e) {
    if (e instanceof WaitTimeoutError) void e.execution?.workflow_current_state;
  }
  void [execution.workflow_current_state, again, states];
}

// The exported names of parameter types stay what the parameters take (they are read from
// the parameters' descriptions): catches an alias that drifts from its parameter.
export const action: ScheduleAction = 'PAUSE';
// @ts-expect-error: a schedule action is 'PAUSE' or 'PLAY'
export const badAction: ScheduleAction = 'STOP';
export const resumeBody: ResumePayload = { source: 'SAP', note: 'any other field' };
// @ts-expect-error: source must be 'TEAMS' or 'SAP'
export const badResumeBody: ResumePayload = { source: 'EMAIL' };
// @ts-expect-error: a body is an object (the parameter is optional, the body it names is not)
export const noResumeBody: ResumePayload = undefined;

// The toolkit (issue 26): watching, a batch of triggers, a key function, a concurrency limit.
export async function toolkit(): Promise<void> {
  const ids = { workflow_id: 'w', workflow_execution_id: 'e' };
  for await (const execution of client.watchExecution(ids, { pollIntervalMs: 200 })) {
    void execution.workflow_current_state;
  }
  const results = await client.triggerMany([{ workflow_id: 'w' }, { workflow_id: 'v' }], { concurrency: 2 });
  for (const r of results) {
    if (r.status === 'fulfilled') void r.value.looply_execution_id;
    else void r.reason;
  }
  const rotating = new LooplyClient({ apiKey: async () => 'k', maxConcurrency: 4 });
  void new LooplyClient({ apiKey: () => 'k' });
  // @ts-expect-error: a key function gives a string (or a promise of one)
  void new LooplyClient({ apiKey: () => 42 });
  // @ts-expect-error: maxConcurrency is a number
  void new LooplyClient({ apiKey: 'k', maxConcurrency: 'many' });
  void rotating;
}
