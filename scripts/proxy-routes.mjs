// The route table of `looply-sdk/proxy` (its `looply:routes` module, bundled by
// scripts/build.mjs), read from the openapi.json that the describe tool writes from the
// endpoint descriptions: the proxy lists no endpoint itself.

/**
 * The operation's client method: its operationId, except for the second operation the describe
 * tool writes for an endpoint whose last path parameter is optional (`triggerWorkflowWithVersion`
 * on `…/{workflow_id}/{workflow_version}` beside `triggerWorkflow` on `…/{workflow_id}`), which is
 * the same method.
 */
function methodName(op, ops) {
  const base = ops.find(
    (other) =>
      other.method === op.method &&
      /^\/\{\w+\}$/.test(op.path.slice(other.path.length)) &&
      op.path.startsWith(other.path) &&
      op.id.startsWith(`${other.id}With`),
  );
  return base ? base.id : op.id;
}

/** A path parameter as the proxy matches a segment: its decoded value's pattern and refused values. */
function paramOf(name, op) {
  const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
  if (!param) throw new Error(`proxy routes: ${op.operationId} has no path parameter ${name}`);
  const { pattern, not } = param.schema;
  return { param: name, pattern, not: not?.enum };
}

/**
 * `[{ name, method, segments }]`: `segments` one a path segment, a literal (a string) or a
 * parameter (`{ param, pattern?, not? }`); `method` in upper case.
 */
export function proxyRoutes(openapi) {
  const ops = Object.entries(openapi.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ path, method: method.toUpperCase(), id: op.operationId, op })),
  );
  return ops.map(({ path, method, op }, i) => ({
    name: methodName(ops[i], ops),
    method,
    segments: path
      .slice(1)
      .split('/')
      .map((s) => (/^\{\w+\}$/.test(s) ? paramOf(s.slice(1, -1), op) : s)),
  }));
}

/** The `looply:routes` module: the table and the default base URL (the document's server). */
export function routesModule(openapi) {
  const [server] = openapi.servers;
  return [
    '// Written by scripts/build.mjs from openapi.json (scripts/proxy-routes.mjs).',
    `export const DEFAULT_BASE_URL = ${JSON.stringify(server.url)};`,
    `export const ROUTES = ${JSON.stringify(proxyRoutes(openapi))};`,
    '',
  ].join('\n');
}

/** The operations' names as a TypeScript union (`LooplyOperation` in proxy.d.ts). */
export function operationUnion(openapi) {
  return [...new Set(proxyRoutes(openapi).map((r) => r.name))].map((n) => `'${n}'`).join(' | ');
}
