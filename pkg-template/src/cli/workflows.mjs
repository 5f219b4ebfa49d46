// `looply workflows` and `looply workflow ID`: the organization's workflows (every version, all
// pages), and one of them (its latest version unless --version names one).
import { Failure } from './args.mjs';
import { when } from './output.mjs';

/** `--version N`, for the commands that read or run one version of a workflow. */
export const VERSION = { type: 'string', help: 'N', doc: 'the workflow version (default: the latest)' };

/**
 * A list item's version: `workflow_version`, else the number that ends `workflow_status_version`
 * (`ACTIVE_3`), the one place the API document's list example carries it.
 */
function versionOf(item) {
  if (item.workflow_version !== undefined) return Number(item.workflow_version);
  const digits = /_(\d+)$/.exec(item.workflow_status_version ?? '')?.[1];
  return digits === undefined ? undefined : Number(digits);
}

/** Every workflow-version item of the organization (all pages), with a progress line on a terminal. */
export async function allWorkflows({ client, out }) {
  const spin = out.progress('Reading workflows');
  const items = [];
  try {
    for await (const item of client.paginateOrganizationWorkflows()) {
      items.push(item);
      spin.update(`Reading workflows: ${items.length}`);
    }
  } finally {
    spin.stop();
  }
  return items;
}

/**
 * The latest version of each workflow in `items`, in their order: the item the service marks
 * `latest`, else the highest version. `{ workflow_id, workflow_version, workflow_name }` each.
 */
export function latestVersions(items) {
  const best = new Map();
  for (const item of items) {
    const seen = best.get(item.workflow_id);
    const newer = !seen || (seen.latest !== 'true' && (item.latest === 'true' || versionOf(item) > versionOf(seen)));
    if (newer) best.set(item.workflow_id, item);
  }
  return [...best.values()].map((item) => ({
    workflow_id: item.workflow_id,
    workflow_version: versionOf(item),
    workflow_name: item.workflow_name,
  }));
}

/** The latest version of workflow `id`; a Failure when the organization has no such workflow. */
export async function latestVersion(ctx, id) {
  const found = latestVersions((await allWorkflows(ctx)).filter((w) => w.workflow_id === id))[0];
  if (found?.workflow_version === undefined) throw new Failure(`NotFound: no workflow '${id}' in the organization`);
  return found.workflow_version;
}

const schedule = (s) => (s ? `${s.cron} (${s.timezone ?? 'UTC'}), ${s.paused ? 'paused' : 'active'}` : '-');

const workflows = {
  name: 'workflows',
  synopsis: 'workflows',
  summary: "Lists the organization's workflows, every version.",
  async run(ctx) {
    const items = await allWorkflows(ctx);
    if (ctx.out.json) return ctx.out.value(items);
    if (items.length === 0) return ctx.out.print('No workflows.');
    ctx.out.table(
      ['WORKFLOW ID', 'VERSION', 'NAME', 'STATUS', 'LATEST', 'SCHEDULE'],
      items.map((w) => [
        w.workflow_id,
        versionOf(w),
        w.workflow_name,
        w.workflow_status,
        w.latest === 'true' ? 'yes' : '',
        schedule(w.workflow_schedule),
      ]),
    );
  },
};

/** One workflow version in words: what it is, its steps and how they connect. */
function describe(out, w) {
  const by = (name) => (name ? ` by ${name}` : '');
  out.print(
    w.workflow_name ?? w.workflow_id,
    `  id        ${w.workflow_id}`,
    `  version   ${w.workflow_version}${w.latest === 'true' ? ' (latest)' : ''}`,
    `  status    ${w.workflow_status ?? '-'}`,
    `  schedule  ${schedule(w.workflow_schedule)}`,
    `  created   ${when(w.created_on)} UTC${by(w.created_by)}`,
    `  modified  ${when(w.modified_on)} UTC${by(w.modified_by)}`,
  );
  const steps = Array.isArray(w.workflow_steps) ? w.workflow_steps : [];
  if (steps.length) {
    out.print('', 'Steps');
    out.table(
      ['  ID', 'NAME', 'TYPE'],
      steps.map((s) => [`  ${s.id ?? '-'}`, s.name, s.type]),
    );
  }
  const connections = Array.isArray(w.workflow_connections) ? w.workflow_connections : [];
  if (connections.length) {
    out.print('', 'Connections');
    out.print(...connections.map((c) => `  ${c.from} -> ${c.to}${c.condition ? ` (${c.condition})` : ''}`));
  }
}

const workflow = {
  name: 'workflow',
  synopsis: 'workflow ID [--version N]',
  summary: 'Shows one workflow: its version, status, schedule, steps and connections.',
  args: ['ID'],
  options: { version: VERSION },
  async run(ctx) {
    const { args, values, client, out } = ctx;
    const workflow_version = values.version ?? (await latestVersion(ctx, args.ID));
    const { item } = await client.getWorkflowById({ workflow_id: args.ID, workflow_version });
    if (out.json) return out.value(item);
    describe(out, item);
  },
};

export const WORKFLOW_COMMANDS = [workflows, workflow];
