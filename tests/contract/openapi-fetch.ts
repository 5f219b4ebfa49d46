// What a user who generates a client from the shipped openapi.json writes: openapi-fetch over
// openapi-typescript's types (default settings), one call of every operation, payloads
// included. scripts/contract-fetch.mjs type-checks it with `tsc --strict`, then runs it
// against the local server.
import createClient from 'openapi-fetch';
import type { paths } from './openapi';

export interface Seeded {
  bigWorkflowId: string;
  bigWorkflowVersion: number;
  scheduledWorkflowId: string;
  scheduledWorkflowVersion: number;
  waitingExecution: { workflow_id: string; workflow_execution_id: string };
}

/** Each operation's answer: its status and what openapi-fetch gave as data. */
export async function everyOperation(baseUrl: string, apiKey: string, seeded: Seeded) {
  const api = createClient<paths>({ baseUrl, headers: { 'x-api-key': apiKey } });
  const big = { workflow_id: seeded.bigWorkflowId, workflow_version: seeded.bigWorkflowVersion };
  const results: Record<string, { status: number; data: unknown }> = {};
  const keep = (name: string, r: { response: Response; data?: unknown }) => {
    results[name] = { status: r.response.status, data: r.data };
  };

  const triggered = await api.POST('/workflows/triggerworkflow/{workflow_id}', {
    params: { path: { workflow_id: seeded.bigWorkflowId } },
    body: { invoice_number: 'INV-1', amount: 12.5, lines: [{ sku: 'A', qty: 2 }] },
  });
  keep('triggerWorkflow', triggered);
  const execution: string | undefined = triggered.data?.looply_execution_id;
  keep(
    'triggerWorkflowWithVersion',
    await api.POST('/workflows/triggerworkflow/{workflow_id}/{workflow_version}', {
      params: { path: big },
      body: {},
    }),
  );
  const workflow = await api.GET('/workflows/getWorkflowById', { params: { query: big } });
  keep('getWorkflowById', workflow);
  const steps: number | undefined = workflow.data?.item.workflow_steps.length;
  const page = await api.GET('/workflows/getOrganizationWorkflows', { params: { query: { limit: 2 } } });
  keep('getOrganizationWorkflows', page);
  const next = page.data?.lastKey;
  if (next) {
    const { workflow_id, workflow_version } = next;
    keep(
      'getOrganizationWorkflows (next page)',
      await api.GET('/workflows/getOrganizationWorkflows', {
        params: { query: { limit: 2, workflow_id, workflow_version } },
      }),
    );
  }
  keep('getWorkflowSchemaById', await api.GET('/workflows/getWorkflowSchemaById', { params: { query: big } }));
  keep(
    'resumeWorkflow',
    await api.POST('/workflows/resumeworkflow/{process_id}', {
      params: { path: { process_id: seeded.waitingExecution.workflow_execution_id } },
      body: { source: 'TEAMS', approved: true, approver: 'j.doe' },
    }),
  );
  // The triggered execution comes to rest waiting for its approval; then an action resumes it.
  const ids = { workflow_id: seeded.bigWorkflowId, workflow_execution_id: execution ?? 'none' };
  let read = await api.GET('/workflows/getWorkflowExecutionById', { params: { query: ids } });
  for (let i = 0; i < 100 && read.data?.item.workflow_current_state !== 'wait_for_response_state'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    read = await api.GET('/workflows/getWorkflowExecutionById', { params: { query: ids } });
  }
  keep('getWorkflowExecutionById', read);
  keep(
    'runWorkflowAction',
    await api.POST('/workflows/{action}/{process_id}', {
      params: { path: { action: 'resumeworkflow', process_id: execution ?? 'none' } },
      body: { source: 'SAP', decision: 'approved' },
    }),
  );
  const state: string | undefined = read.data?.item.workflow_current_state;
  const name: string | undefined = read.data?.item.workflow_details.workflow_name;
  const history = await api.GET('/workflows/getWorkflowExecutionHistory', {
    params: { query: { workflow_id: seeded.bigWorkflowId, limit: 3 } },
  });
  keep('getWorkflowExecutionHistory', history);
  const cursor = history.data?.lastKey?.workflow_execution_id;
  keep(
    'getOrganizationExecutions',
    await api.GET('/workflows/getOrganizationExecutions', { params: { query: { limit: 1 } } }),
  );
  keep(
    'toggleScheduledWorkflow',
    await api.POST('/workflows/toggleScheduledWorkflow', {
      body: {
        workflow_id: seeded.scheduledWorkflowId,
        workflow_version: seeded.scheduledWorkflowVersion,
        action: 'PAUSE',
      },
    }),
  );
  return { results, execution, steps, state, name, cursor };
}
