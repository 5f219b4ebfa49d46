// `looply types`: the `LooplyWorkflows` augmentation from the workflows' data schemas
// (getWorkflowSchemaById's `workflow_schema`, a JSON Schema, of each workflow's latest version),
// each schema turned into TypeScript by json-schema-to-typescript, an optional peer dependency
// loaded only here.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Failure } from './args.mjs';
import { allWorkflows, latestVersions } from './workflows.mjs';

/**
 * The namespace that holds every workflow's types in the written file. The augmentation names
 * them through it, and a name inside `declare module 'looply-sdk'` is looked up among the
 * package's own exports first: the package must never export this one (the CLI's test compiles
 * the file against the package's declarations).
 */
const ROOT = 'LooplyWorkflowTypes';

const INSTALL = 'npm install --save-dev json-schema-to-typescript';

/** json-schema-to-typescript's `compile`, or a Failure that says how to install it. */
async function compiler() {
  let mod;
  try {
    mod = await import('json-schema-to-typescript');
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes("'json-schema-to-typescript'"))
      throw new Failure(`looply types needs the package json-schema-to-typescript: ${INSTALL}`);
    throw e;
  }
  return mod.compile ?? mod.default.compile;
}

/** `name` as a PascalCase identifier ('Invoice Approval' → InvoiceApproval), not yet in `taken`. */
function identifier(name, taken) {
  const words = String(name ?? '')
    .normalize('NFKD')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let base = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  if (!/^[A-Za-z]/.test(base)) base = `Workflow${base}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

const indent = (text, by) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

/** The workflows to describe: the latest version of each, or of each id in `ids` (a Failure names one not found). */
async function chosen(ctx, ids) {
  const latest = latestVersions(await allWorkflows(ctx));
  if (!ids?.length) return latest;
  return ids.map((id) => {
    const found = latest.find((w) => w.workflow_id === id);
    if (!found) throw new Failure(`NotFound: no workflow '${id}' in the organization`);
    return found;
  });
}

/** The declaration file's text for `entries` (`{ workflow_id, workflow_version, workflow_name, name, code }`). */
function declarationFile(entries) {
  const doc = (e) => `/** ${e.workflow_name ?? e.workflow_id}, version ${e.workflow_version}. */`;
  const lines = [
    "// Written by `looply types` from the workflows' data schemas (getWorkflowSchemaById): run it",
    '// again when they change. It augments looply-sdk: triggerWorkflow and triggerWorkflowAndWait',
    "// check each listed workflow's payload.",
    '',
  ];
  if (entries.length === 0) lines.push('export {};', '');
  else {
    lines.push(`export declare namespace ${ROOT} {`);
    for (const e of entries) lines.push(`  ${doc(e)}`, `  export namespace ${e.name} {`, indent(e.code, '    '), '  }');
    lines.push('}', '');
  }
  lines.push("declare module 'looply-sdk' {", '  interface LooplyWorkflows {');
  for (const e of entries)
    lines.push(`    ${doc(e)}`, `    ${JSON.stringify(e.workflow_id)}: { payload: ${ROOT}.${e.name}.Payload };`);
  lines.push('  }', '}', '');
  return lines.join('\n');
}

const types = {
  name: 'types',
  synopsis: 'types [--out FILE] [--workflow ID]...',
  summary: "Writes TypeScript types of the workflows' payloads (the LooplyWorkflows augmentation).",
  details: [
    "From each workflow's data schema (its latest version), with json-schema-to-typescript",
    `(${INSTALL}). Without --out, to stdout. --json prints`,
    '{ out, workflows: [{ workflow_id, workflow_version, workflow_name, type }], declarations }.',
  ],
  options: {
    out: { type: 'string', help: 'FILE', doc: 'write the declarations to FILE (e.g. src/looply-workflows.d.ts)' },
    workflow: { type: 'string', multiple: true, help: 'ID', doc: 'only this workflow (repeatable; default: all)' },
  },
  async run(ctx) {
    const { client, values, out, cwd } = ctx;
    const compile = await compiler();
    const workflows = await chosen(ctx, values.workflow);
    const taken = new Set();
    const entries = [];
    const spin = out.progress('Reading data schemas');
    try {
      for (const w of workflows) {
        spin.update(`Reading data schemas: ${entries.length + 1}/${workflows.length}`);
        const { workflow_id, workflow_version } = w;
        const { item } = await client.getWorkflowSchemaById({ workflow_id, workflow_version });
        // Its own title would name the root type: `Payload` instead, in a namespace of its own.
        const schema = { ...item.workflow_schema, title: 'Payload' };
        const code = await compile(schema, 'Payload', {
          bannerComment: '',
          $refOptions: { resolve: { external: false } }, // a schema's $ref never reaches the network or the disk
        });
        entries.push({ ...w, name: identifier(w.workflow_name, taken), code });
      }
    } finally {
      spin.stop();
    }
    const text = declarationFile(entries);
    const file = values.out === undefined ? null : resolve(cwd, values.out);
    if (file) await writeFile(file, text);
    if (out.json) {
      const list = entries.map(({ name, code, ...w }) => ({ ...w, type: `${ROOT}.${name}.Payload` }));
      return out.value({ out: file, workflows: list, declarations: text });
    }
    if (file) out.print(`Wrote the payload types of ${entries.length} workflows to ${values.out}`);
    else out.print(text.trimEnd());
  },
};

export const TYPES_COMMANDS = [types];
