// Typed workflow payloads: an app lists its workflows in `LooplyWorkflows` (as `looply types`
// writes it) and `triggerWorkflow` / `triggerWorkflowAndWait` check a payload against the entry
// of its literal `workflow_id`; any other id keeps `Record<string, unknown>`. Compiled with
// `tsc --strict` by scripts/typecheck.mjs against index.d.ts (bundler, node16 ESM) and
// index.d.cts (node16 CJS). Each `@ts-expect-error` is a mistake the types must catch: a
// declaration that left `payload` untyped, or typed it by a widened id, fails the compile.
import { LooplyClient, type TriggerWorkflowParams, type WorkflowPayload } from 'looply-sdk';

declare module 'looply-sdk' {
  interface LooplyWorkflows {
    'invoice-approval': {
      payload: { invoice_number: string; amount: number; currency: 'EUR' | 'USD'; note?: string };
    };
    'nightly-export': { payload: { export_date: string } };
  }
}

const client = new LooplyClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:1/v1' });
const invoice = { invoice_number: 'INV-1', amount: 12.5, currency: 'EUR' } as const;

export async function listed(): Promise<void> {
  await client.triggerWorkflow({ workflow_id: 'invoice-approval', payload: invoice });
  await client.triggerWorkflow({
    workflow_id: 'invoice-approval',
    workflow_version: 3,
    payload: { invoice_number: 'INV-2', amount: 1, currency: 'USD', note: 'rush' },
  });
  // The API takes a trigger without a body: the payload stays optional.
  await client.triggerWorkflow({ workflow_id: 'invoice-approval' });
  await client.triggerWorkflow({
    workflow_id: 'invoice-approval',
    // @ts-expect-error: amount is required
    payload: { invoice_number: 'INV-1', currency: 'EUR' },
  });
  await client.triggerWorkflow({
    workflow_id: 'invoice-approval',
    // @ts-expect-error: 'GBP' is outside the currency's enum
    payload: { invoice_number: 'INV-1', amount: 1, currency: 'GBP' },
  });
  // @ts-expect-error: another workflow's payload
  await client.triggerWorkflow({ workflow_id: 'nightly-export', payload: invoice });
}

export async function listedAndWait(): Promise<void> {
  const { execution } = await client.triggerWorkflowAndWait(
    { workflow_id: 'nightly-export', payload: { export_date: '2025-11-24' } },
    { timeoutMs: 1000 },
  );
  // @ts-expect-error: export_date is a string
  await client.triggerWorkflowAndWait({ workflow_id: 'nightly-export', payload: { export_date: 20251124 } });
  // @ts-expect-error: export_date is required
  await client.triggerWorkflowAndWait({ workflow_id: 'nightly-export', payload: {} });
  void execution.workflow_current_state;
}

export async function unlisted(): Promise<void> {
  // An id the interface does not list takes any JSON object, as without the augmentation.
  await client.triggerWorkflow({ workflow_id: 'not-listed', payload: { anything: [1, 2] } });
  await client.triggerWorkflowAndWait({ workflow_id: 'not-listed', payload: { n: 1 } });
  // So does an id known only as a string (the check needs a literal).
  const id: string = someId();
  await client.triggerWorkflow({ workflow_id: id, payload: { anything: true } });
  // The README's first call, as written.
  const workflow_id = '03749c72-c6a6-4bc8-9aea-d81b9130e24a';
  const { looply_execution_id } = await client.triggerWorkflow({ workflow_id, payload: { invoice: 4711 } });
  void looply_execution_id;
}

// The parameter and payload types by name: the bare name stays the untyped form.
export const params: TriggerWorkflowParams<'invoice-approval'> = { workflow_id: 'invoice-approval', payload: invoice };
export const badParams: TriggerWorkflowParams<'invoice-approval'> = {
  workflow_id: 'invoice-approval',
  // @ts-expect-error: the entry's payload lacks invoice_number and currency
  payload: { amount: 1 },
};
export const loose: TriggerWorkflowParams = { workflow_id: 'invoice-approval', payload: { x: 1 } };
export const exportPayload: WorkflowPayload<'nightly-export'> = { export_date: '2025-11-24' };
export const otherPayload: WorkflowPayload<'other'> = { x: 1 };
// @ts-expect-error: a payload is an object
export const notObject: WorkflowPayload<'other'> = 'text';

function someId(): string {
  return 'invoice-approval';
}
