// The nine Looply Workflow API endpoints. Each handler takes the request
// context ({ params, query, body }) and the app ({ store, lifecycle, onChange })
// and returns a response object, or throws an HttpError.
import { json, badRequest, notFound, HttpError, parseJsonBody, isPlainObject } from './http-util.mjs';
import {
  required,
  versionParam,
  isVersion,
  limitParam,
  cursorField,
  cursorPair,
  objectBody,
  bodyField,
  findWorkflow,
} from './params.mjs';
import { executionItem, executionListItem } from './executions.mjs';
import { workflowItem, workflowListItem, workflowSchemaItem } from './workflows.mjs';

const RESUME_SOURCES = ['TEAMS', 'SAP'];
const invalidKey = () => badRequest('Invalid pagination key');
const success = (fields) => json(200, { message: 'success', ...fields });

/** One page of `list` from `start`; lastKey only when more items follow. */
function page(list, start, limit, toItem, keyOf) {
  const slice = list.slice(start, start + limit);
  const body = { count: slice.length, items: slice.map(toItem) };
  if (start + limit < list.length) body.lastKey = keyOf(slice.at(-1));
  return success(body);
}

function executionsPage(store, list, start, limit) {
  const toItem = (exec) =>
    executionListItem(exec, store.workflow(exec.workflow_id, exec.workflow_version).workflow_name);
  const keyOf = ({ workflow_id, workflow_execution_id }) => ({ workflow_id, workflow_execution_id });
  return page(list, start, limit, toItem, keyOf);
}

/** Index after the cursor execution in `list`, which must hold it. */
function executionStart(store, list, workflowId, executionId) {
  if (executionId === undefined) return 0;
  const exec = store.execution(executionId);
  const start = exec && exec.workflow_id === workflowId ? store.executionIndexAfter(list, exec) : -1;
  if (start < 0) throw invalidKey();
  return start;
}

function triggerworkflow({ params, body }, { store, lifecycle }) {
  if (!params.workflowId) throw badRequest('workflow_id is required');
  const workflow = findWorkflow(store, params.workflowId, versionParam(params.version));
  const input = parseJsonBody(body);
  const processId = isPlainObject(input) && typeof input.process_id === 'string' ? input.process_id : undefined;
  const exec = lifecycle.trigger(workflow, input, processId);
  return success({ looply_execution_id: exec.workflow_execution_id });
}

function workflowAction({ params, body: text }, { store, lifecycle }) {
  if (params.action !== 'resumeworkflow') throw badRequest(`Unsupported action: ${params.action}`);
  if (!params.processId) throw badRequest('process_id is required');
  const body = objectBody(text);
  if ('source' in body && !RESUME_SOURCES.includes(body.source)) throw badRequest('source must be TEAMS or SAP');
  const exec = store.executionByProcessId(params.processId);
  if (!exec) throw notFound('Execution not found');
  lifecycle.resume(exec, body);
  return success({ looply_execution_id: exec.workflow_execution_id });
}

function toggleScheduledWorkflow({ body: text }, { store, onChange }) {
  const body = objectBody(text);
  const id = bodyField(body, 'workflow_id', (v) => typeof v === 'string' && v !== '', 'must be a non-empty string');
  const version = Number(
    bodyField(body, 'workflow_version', isVersion, 'must be a positive integer (a number or its digits)'),
  );
  const action = bodyField(body, 'action', (v) => v === 'PAUSE' || v === 'PLAY', 'must be PAUSE or PLAY');
  const workflow = findWorkflow(store, id, version);
  if (!workflow.workflow_schedule) throw badRequest('Workflow is not scheduled');
  const status = action === 'PAUSE' ? 'PAUSED' : 'ACTIVE';
  Object.assign(workflow, {
    workflow_status: status,
    workflow_status_version: `${status}_${version}`,
    modified_on: Date.now(),
  });
  workflow.workflow_schedule.paused = status === 'PAUSED';
  onChange();
  return success({ workflow_id: id, workflow_version: version, status });
}

function getWorkflowExecutionById({ query }, { store }) {
  const workflowId = required(query, 'workflow_id');
  const executionId = required(query, 'workflow_execution_id');
  findWorkflow(store, workflowId);
  const exec = store.execution(executionId);
  if (!exec || exec.workflow_id !== workflowId) throw notFound('Execution not found');
  return success({ item: executionItem(exec, store.workflow(workflowId, exec.workflow_version)) });
}

function getWorkflowExecutionHistory({ query }, { store }) {
  const workflowId = required(query, 'workflow_id');
  const limit = limitParam(query.limit);
  findWorkflow(store, workflowId);
  const list = store.executionOrder(workflowId);
  return executionsPage(
    store,
    list,
    executionStart(store, list, workflowId, cursorField(query, 'workflow_execution_id')),
    limit,
  );
}

function getOrganizationExecutions({ query }, { store }) {
  const limit = limitParam(query.limit);
  const [workflowId, executionId] = cursorPair(query, 'workflow_id', 'workflow_execution_id') ?? [];
  const list = store.executionOrder();
  return executionsPage(store, list, executionStart(store, list, workflowId, executionId), limit);
}

/** The workflow version named by required workflow_id and workflow_version query parameters. */
function queriedWorkflow(query, store) {
  const id = required(query, 'workflow_id');
  return findWorkflow(store, id, versionParam(required(query, 'workflow_version')));
}

function getWorkflowById({ query }, { store }) {
  return success({ item: workflowItem(queriedWorkflow(query, store)) });
}

function getWorkflowSchemaById({ query }, { store }) {
  return success({ item: workflowSchemaItem(queriedWorkflow(query, store)) });
}

function getOrganizationWorkflows({ query }, { store }) {
  const limit = limitParam(query.limit);
  const cursor = cursorPair(query, 'workflow_id', 'workflow_version');
  // The cursor's version is sent back as the page gave it: any number, not only a version.
  const version = cursor && Number(cursor[1]);
  if (cursor && !Number.isFinite(version)) throw invalidKey();
  const start = cursor ? store.workflowIndexAfter(cursor[0], version) : 0;
  const keyOf = ({ workflow_id, workflow_version }) => ({
    organization_id: store.organizationId,
    workflow_id,
    workflow_version,
  });
  return page(store.workflows, start, limit, workflowListItem, keyOf);
}

const GET_ROUTES = {
  getWorkflowExecutionById,
  getWorkflowExecutionHistory,
  getOrganizationExecutions,
  getWorkflowById,
  getOrganizationWorkflows,
  getWorkflowSchemaById,
};

/** Maps the segments after /v1/workflows/ to { method, handler, params }, or null. */
function resolve(rest) {
  const [first, second, third] = rest;
  if (rest.length === 1 && Object.hasOwn(GET_ROUTES, first))
    return { method: 'GET', handler: GET_ROUTES[first], params: {} };
  if (rest.length === 1 && first === 'toggleScheduledWorkflow')
    return { method: 'POST', handler: toggleScheduledWorkflow, params: {} };
  if (first === 'triggerworkflow' && (rest.length === 2 || rest.length === 3)) {
    return { method: 'POST', handler: triggerworkflow, params: { workflowId: second, version: third } };
  }
  if (rest.length === 2)
    return { method: 'POST', handler: workflowAction, params: { action: first, processId: second } };
  return null;
}

/** Finds the handler for decoded path segments and a method; throws 404 or 405. */
export function routeApi(method, segments) {
  const [v1, workflows, ...rest] = segments;
  const route = v1 === 'v1' && workflows === 'workflows' ? resolve(rest) : null;
  if (!route) throw notFound();
  if (method !== route.method) throw new HttpError(405, 'Method Not Allowed', { allow: route.method });
  return route;
}
