// A stand-in for looply-sdk's package with only its transport: `getWorkflowById` sends its
// request through the SDK's own `sendOnce` (pkg-template/src/transport.js, from the source:
// the route's `Headers`, the timeout's Cut, the init, the body's cap) and
// answers the parsed body of a 2xx, with no core, no checks of the parameters or the answer
// and no retries. Given to ab-cpu.mjs as one of the two builds, the other's extra over it is
// that build's own code beyond its transport:
//
//   node scripts/ab-cpu.mjs scripts/fetch-alike.mjs pkg/index.mjs
//
// (docs/benchmarks.md, "What the network adds").
import { makeHeaders, request, sendOnce } from '../pkg-template/src/transport.js';

const GET_WORKFLOW_BY_ID = 1; // the shape's code: a body with an `item` (transport.js's FIRST_FIELDS)

export class LooplyClient {
  constructor({ apiKey, baseUrl, timeoutMs = 60_000 }) {
    // As the core's default route for a GET (src/wasm/shared.rs): no caller's signal, options or fetch.
    this.route = {
      baseUrl,
      method: 'GET',
      headers: makeHeaders(apiKey, false),
      timeoutMs,
      signal: undefined,
      fetchOptions: undefined,
      fetch: undefined,
      maxBytes: 32 * 1024 * 1024,
    };
  }

  async getWorkflowById({ workflow_id, workflow_version }) {
    const path = `/workflows/getWorkflowById?workflow_id=${encodeURIComponent(workflow_id)}&workflow_version=${workflow_version}`;
    const sent = request(0, path, undefined, this.route, GET_WORKFLOW_BY_ID);
    const record = await new Promise((resolve, reject) => sendOnce(sent, resolve, reject));
    if (!(record.status >= 200 && record.status < 300))
      throw new Error(`attempt ended: ${record.status} ${record.failure}`);
    return record.json;
  }
}
