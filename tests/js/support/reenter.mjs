// Child process of tests/js/stack.test.mjs: a params getter that calls the client again, on
// and on, until something gives (the JavaScript stack, or the wasm's own stack in linear
// memory when the process was given a larger JavaScript stack). Prints, as JSON, how deep it
// went, how the outermost call ended, and what a plain call to the local server answers
// afterwards. The recursing client's base URL is on port 9, which `fetch` refuses without
// connecting ("bad port"): the hundreds of calls it starts send nothing.
const [entry, baseUrl, apiKey, workflowId, version] = process.argv.slice(2);
const { LooplyClient } = await import(entry);
const client = new LooplyClient({ apiKey, baseUrl: 'http://127.0.0.1:9', maxRetries: 0, logLevel: 'off' });
const plain = new LooplyClient({ apiKey, baseUrl, logLevel: 'off' });
let depth = 0;
let deepest = 0;
const params = {
  get workflow_id() {
    depth++;
    deepest = Math.max(deepest, depth);
    try {
      client.getWorkflowById(params).catch(() => {});
    } finally {
      depth--;
    }
    return workflowId;
  },
  workflow_version: Number(version),
};
let outer;
try {
  await client.getWorkflowById(params);
  outer = 'resolved';
} catch (e) {
  outer = `${e.name}: ${e.message}`;
}
const again = await plain.getWorkflowById({ workflow_id: workflowId, workflow_version: Number(version) });
process.stdout.write(JSON.stringify({ deepest, outer, again: again.item.workflow_id }));
