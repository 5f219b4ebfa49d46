// The twelve seeded workflows. Order matters: after ids are drawn and sorted,
// the first entry gets the smallest id (so "Invoice Approval" is first in id order).
// `approval` names the channel of the waiting step (null = no waiting step).

export const WORKFLOW_CATALOG = [
  {
    name: 'Invoice Approval', versions: 3, approval: 'TEAMS', system: 'SAP', subject: 'invoice',
    payload: { invoice_number: 'INV-2025-0001', vendor_id: 'V-1001', amount: 1250.5, currency: 'EUR', cost_center: 'CC-410' },
  },
  {
    name: 'Vendor Onboarding', versions: 2, approval: 'SAP', system: 'SAP', subject: 'vendor',
    payload: { vendor_name: 'Acme Industrial GmbH', country: 'DE', tax_id: 'DE123456789', contact: { email: 'ap@acme.example', phone: '+49 30 1234567' } },
  },
  {
    name: 'Purchase Order Sync', versions: 4, approval: null, system: 'SAP', subject: 'purchase order',
    payload: { po_number: '4500012345', plant: '1000', lines: [{ material: 'MAT-001', quantity: 10, unit: 'EA' }] },
  },
  {
    name: 'Adaptive Card Workflow', versions: 3, approval: 'TEAMS', system: 'Teams', subject: 'card',
    payload: { title: 'Leave request', requester: 'j.doe@contoso.example', days: 3, reason: 'Family visit' },
  },
  {
    name: 'Nightly SAP Export', versions: 2, approval: null, system: 'SAP', subject: 'export', scheduled: true,
    payload: { export_date: '2025-11-23', company_code: '1000', record_count: 1842 },
  },
  {
    name: 'Expense Report Review', versions: 3, approval: 'TEAMS', system: 'Concur', subject: 'expense report',
    payload: { report_id: 'EXP-88231', employee: 'a.smith@contoso.example', total: 342.8, currency: 'USD' },
  },
  {
    name: 'Customer Credit Check', versions: 2, approval: null, system: 'Salesforce', subject: 'customer',
    payload: { customer_id: 'C-20931', requested_limit: 50000, currency: 'EUR' },
  },
  {
    name: 'Goods Receipt Matching', versions: 3, approval: 'SAP', system: 'SAP', subject: 'goods receipt',
    payload: { gr_number: '5000004711', po_number: '4500012345', quantity: 10, matched: false },
  },
  {
    name: 'Contract Renewal Reminder', versions: 1, approval: null, system: 'Salesforce', subject: 'contract', draft: true,
    payload: { contract_id: 'CT-3321', customer: 'Globex Corp', renewal_date: '2026-01-31' },
  },
  {
    name: 'Employee Offboarding', versions: 2, approval: 'TEAMS', system: 'ServiceNow', subject: 'employee',
    payload: { employee_id: 'E-7781', last_day: '2025-12-15', manager: 'm.jones@contoso.example', assets: ['laptop', 'badge'] },
  },
  {
    name: 'Inventory Reorder', versions: 3, approval: null, system: 'SAP', subject: 'material',
    payload: { material: 'MAT-204', plant: '1000', stock: 12, reorder_point: 50 },
  },
  {
    name: 'Payment Run Notification', versions: 2, approval: null, system: 'Teams', subject: 'payment run',
    payload: { run_id: 'F110-20251124', company_code: '1000', payments: 128, total: 982340.12, currency: 'EUR' },
  },
];

/** People who appear as creators, modifiers and requesters. */
export const USERS = ['test-user', 'j.doe@contoso.example', 'a.smith@contoso.example', 'ops-bot'];
