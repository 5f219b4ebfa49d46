// In-memory state with the indexes the endpoints need. Executions are kept in
// newest-first arrays (one for the organization, one per workflow) so a page
// after a cursor is a binary search plus a slice, even with thousands of items.

const versionKey = (id, version) => `${id}\u0000${version}`;

/** Newest first by created_on; ties broken by execution id, descending. */
export function compareExecutions(a, b) {
  if (a.created_on !== b.created_on) return b.created_on - a.created_on;
  if (a.workflow_execution_id === b.workflow_execution_id) return 0;
  return a.workflow_execution_id > b.workflow_execution_id ? -1 : 1;
}

function compareWorkflows(a, b) {
  if (a.workflow_id !== b.workflow_id) return a.workflow_id < b.workflow_id ? -1 : 1;
  return a.workflow_version - b.workflow_version;
}

/** First index whose element is not before `item` under `compare`. */
function lowerBound(list, item, compare) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid], item) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index just after `item` in the sorted `list`, or -1 when it is not there. */
export function indexAfter(list, item, compare) {
  const i = lowerBound(list, item, compare);
  return list[i] === item ? i + 1 : -1;
}

export class Store {
  /** @param {{organizationId, workspaceId, workflows, executions, aliases?}} data */
  constructor(data) {
    this.organizationId = data.organizationId;
    this.workspaceId = data.workspaceId;
    this.workflows = [...data.workflows].sort(compareWorkflows);
    this.versions = new Map(this.workflows.map((wf) => [versionKey(wf.workflow_id, wf.workflow_version), wf]));
    this.latest = new Map();
    this.workflows.forEach((wf) => this.latest.set(wf.workflow_id, wf));
    this.executions = new Map();
    this.orgOrder = [];
    this.byWorkflow = new Map(this.workflows.map((wf) => [wf.workflow_id, []]));
    this.aliases = new Map(Object.entries(data.aliases ?? {}));
    this.#index(data.executions);
  }

  #index(executions) {
    executions.forEach((exec) => this.executions.set(exec.workflow_execution_id, exec));
    this.orgOrder = [...this.executions.values()].sort(compareExecutions);
    this.orgOrder.forEach((exec) => this.byWorkflow.get(exec.workflow_id)?.push(exec));
  }

  /** A workflow version record; without `version`, the latest one. */
  workflow(id, version) {
    return version === undefined ? this.latest.get(id) : this.versions.get(versionKey(id, version));
  }

  hasWorkflow(id) {
    return this.latest.has(id);
  }

  execution(id) {
    return this.executions.get(id);
  }

  /** The execution named by its id or by a process_id given at trigger time. */
  executionByProcessId(processId) {
    return this.executions.get(processId) ?? this.executions.get(this.aliases.get(processId));
  }

  /** Newest-first executions of one workflow, or of the organization when id is undefined. */
  executionOrder(workflowId) {
    return workflowId === undefined ? this.orgOrder : (this.byWorkflow.get(workflowId) ?? []);
  }

  /** A timestamp for a new execution: now, but never older than the newest one (so it sorts first). */
  nextCreatedOn() {
    return Math.max(Date.now(), (this.orgOrder[0]?.created_on ?? 0) + 1);
  }

  addExecution(exec) {
    this.executions.set(exec.workflow_execution_id, exec);
    for (const list of [this.orgOrder, this.byWorkflow.get(exec.workflow_id)]) {
      list.splice(lowerBound(list, exec, compareExecutions), 0, exec);
    }
    if (typeof exec.process_id === 'string') this.aliases.set(exec.process_id, exec.workflow_execution_id);
  }

  /** Index after the given execution in `list`, or -1. */
  executionIndexAfter(list, exec) {
    return indexAfter(list, exec, compareExecutions);
  }

  /**
   * Index after the position of (id, version) in the ordered workflow list, whether or not
   * that version exists (as a DynamoDB ExclusiveStartKey: a cursor is a position).
   */
  workflowIndexAfter(id, version) {
    const at = { workflow_id: id, workflow_version: version };
    const i = lowerBound(this.workflows, at, compareWorkflows);
    return i < this.workflows.length && compareWorkflows(this.workflows[i], at) === 0 ? i + 1 : i;
  }

  toJSON() {
    return {
      format: 'looply-local-server/1',
      organizationId: this.organizationId,
      workspaceId: this.workspaceId,
      workflows: this.workflows,
      executions: this.orgOrder,
      aliases: Object.fromEntries(this.aliases),
    };
  }
}

/** Checks the shape of a saved state file before trusting it. */
export function isStoreData(data) {
  return (
    data?.format === 'looply-local-server/1' &&
    typeof data.organizationId === 'string' &&
    Array.isArray(data.workflows) &&
    data.workflows.length > 0 &&
    Array.isArray(data.executions)
  );
}
