// Builds the seeded workflow-version records from the catalog, and the views
// (full item, list item, schema item) the API returns for them.
import { WORKFLOW_CATALOG, USERS } from './catalog.mjs';

const DAY = 86_400_000;

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A JSON-schema-like description of a sample value. */
export function schemaOf(value) {
  if (Array.isArray(value)) return { type: 'array', items: value.length ? schemaOf(value[0]) : {} };
  if (value === null) return { type: 'null' };
  if (typeof value === 'object') {
    const properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaOf(v)]));
    return { type: 'object', properties, required: Object.keys(value) };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  return { type: typeof value };
}

function integrationKey(system) {
  return `${system.toLowerCase()}_prod`;
}

function approvalStep(channel) {
  const name = channel === 'TEAMS' ? 'Request approval in Teams' : 'Wait for SAP release';
  const config = { channel, recipients: ['approvers@contoso.example'], timeout_hours: 48 };
  return { name, type: 'approval', config };
}

/** The step a rejected approval branches to; it joins the main line again at 'Finish'. */
const REJECTION = 'Notify rejection';

function rejectionStep(def) {
  const integration = def.approval === 'TEAMS' ? 'teams_webhook' : integrationKey(def.system);
  return {
    name: REJECTION,
    type: 'http',
    config: { method: 'POST', url: 'https://hooks.example.com/rejected', integration },
  };
}

/** The steps of one version: later versions add a transform and a notification. */
export function buildSteps(def, version) {
  const steps = [
    { name: `Receive ${def.subject}`, type: 'trigger', config: { source: def.scheduled ? 'SCHEDULE' : 'REQUEST' } },
    {
      name: `Fetch ${def.subject} from ${def.system}`,
      type: 'http',
      config: {
        method: 'GET',
        url: `https://${slug(def.system)}.example.com/api/${slug(def.subject)}`,
        integration: integrationKey(def.system),
        timeout_ms: 10_000,
      },
    },
  ];
  if (version >= 2)
    steps.push({
      name: 'Normalize payload',
      type: 'transform',
      config: { mapping: Object.fromEntries(Object.keys(def.payload).map((k) => [k, `$.input.${k}`])) },
    });
  if (def.approval) steps.push(approvalStep(def.approval));
  if (version >= 3)
    steps.push({
      name: 'Notify requester',
      type: 'http',
      config: { method: 'POST', url: 'https://hooks.example.com/notify', integration: 'teams_webhook' },
    });
  if (def.approval) steps.push(rejectionStep(def));
  steps.push({ name: 'Finish', type: 'end', config: {} });
  return steps.map((step, i) => ({ id: `step_${i + 1}`, ...step }));
}

/**
 * A line through the steps, except that an approval branches: 'approved' to the next step
 * of the line, 'rejected' to the rejection step, which joins the line again at 'Finish'.
 */
export function buildConnections(steps) {
  const line = steps.filter((s) => s.name !== REJECTION);
  const edges = line.slice(1).map((step, i) => {
    const from = line[i];
    return from.type === 'approval'
      ? { from: from.id, to: step.id, condition: 'approved' }
      : { from: from.id, to: step.id };
  });
  const rejection = steps.find((s) => s.name === REJECTION);
  const approval = steps.find((s) => s.type === 'approval');
  if (rejection && approval) {
    edges.push(
      { from: approval.id, to: rejection.id, condition: 'rejected' },
      { from: rejection.id, to: line.at(-1).id },
    );
  }
  return edges;
}

function buildIntegrations(def, version) {
  const integrations = {
    [integrationKey(def.system)]: {
      type: def.system.toLowerCase(),
      profile: `${def.system.toUpperCase()}_PROD`,
      base_url: `https://${slug(def.system)}.example.com`,
    },
  };
  if (def.approval === 'TEAMS' || version >= 3)
    integrations.teams_webhook = { type: 'teams', tenant: 'contoso', channel: 'Approvals' };
  return integrations;
}

function statusFor(def, version) {
  if (version < def.versions) return 'INACTIVE';
  return def.draft ? 'DRAFT' : 'ACTIVE';
}

function buildVersion(ctx, def, id, version, index) {
  const steps = buildSteps(def, version);
  const created = ctx.baseTime - (90 - index * 5) * DAY + (version - 1) * 7 * DAY + ctx.rng.int(0, DAY);
  const status = statusFor(def, version);
  const record = {
    organization_id: ctx.organizationId,
    workflow_integrations: buildIntegrations(def, version),
    workflow_name: def.name,
    created_by: USERS[index % USERS.length],
    workflow_status_version: `${status}_${version}`,
    modified_by: version > 1 ? USERS[(index + 1) % USERS.length] : null,
    workflow_version: version,
    workflow_steps: steps,
    workflow_id: id,
    modified_on: created + ctx.rng.int(60_000, 3 * DAY),
    workflow_connections: buildConnections(steps),
    workflow_status: status,
    latest: String(version === def.versions),
    workspace_id: ctx.workspaceId,
    created_on: created,
    workflow_schema: { $schema: 'http://json-schema.org/draft-07/schema#', title: def.name, ...schemaOf(def.payload) },
    workflow_mock_payload: def.payload,
  };
  if (def.scheduled && version === def.versions)
    record.workflow_schedule = { cron: '0 2 * * *', timezone: 'Europe/Berlin', paused: false };
  return record;
}

/** All workflow-version records, ordered by workflow_id then workflow_version. */
export function buildWorkflows(ctx) {
  const ids = WORKFLOW_CATALOG.map(() => ctx.rng.uuid()).sort();
  return WORKFLOW_CATALOG.flatMap((def, index) =>
    Array.from({ length: def.versions }, (_, v) => buildVersion(ctx, def, ids[index], v + 1, index)),
  );
}

/** The document's getWorkflowById item (the mock payload is only served by the schema endpoint). */
export function workflowItem(record) {
  const { workflow_mock_payload, ...item } = record;
  return item;
}

/** The document's getOrganizationWorkflows item (plus workflow_version, which callers need). */
export function workflowListItem(record) {
  const {
    workflow_mock_payload,
    workflow_steps,
    workflow_connections,
    workflow_schema,
    workflow_integrations,
    ...item
  } = record;
  return item;
}

/** The document's getWorkflowSchemaById item. */
export function workflowSchemaItem(record) {
  const {
    workflow_id,
    modified_on,
    created_by,
    workflow_mock_payload,
    workflow_schema,
    modified_by,
    workflow_version,
    created_on,
  } = record;
  return {
    workflow_id,
    modified_on,
    created_by,
    workflow_mock_payload,
    workflow_schema,
    modified_by,
    workflow_version,
    created_on,
  };
}
