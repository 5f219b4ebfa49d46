// `looply-sdk/proxy`: a browser app's own backend for the Looply API. A standard Fetch API
// handler that forwards the Looply routes it allows with the server's key, and nothing of the
// browser's request but its query, body and content-type; the key never comes back. No
// WebAssembly: it runs wherever `fetch`, `Request` and `Response` do (Node 20+, Deno, Bun,
// Cloudflare Workers, edge runtimes). Not loaded by the main entry.
import { REQUEST_ID_HEADERS } from 'looply:facts';
import { DEFAULT_BASE_URL, ROUTES } from 'looply:routes';
import { nearest } from './names.js';
import { Redactor } from './redact.js';
import { readEnv } from './transport.js';

export { toNodeHandler } from './node-handler.js';

const OPTIONS = ['apiKey', 'baseUrl', 'allow', 'authorize', 'fetch'];
const OPERATIONS = [...new Set(ROUTES.map((r) => r.name))];
/** The upstream's response headers a browser gets (values redacted); no cookies, no auth challenges. */
const PASSED_HEADERS = ['content-type', 'cache-control', 'retry-after', 'retry-after-ms', ...REQUEST_ID_HEADERS];
/** Statuses whose response has no body. */
const NO_BODY = new Set([204, 205]);

/** Each parameter segment's pattern, compiled once. */
const PATTERNS = new Map(
  ROUTES.flatMap((r) => r.segments.filter((s) => s.pattern).map((s) => [s, new RegExp(s.pattern, 'u')])),
);

/** A `{ message }` answer of the proxy's own. */
function answer(status, message, headers = {}) {
  return new Response(JSON.stringify({ message }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });
}

/** "… 'allwo'; did you mean 'allow'?" */
const hint = (name, known) => {
  const near = nearest(name, known);
  return near ? `; did you mean '${near}'?` : `; known: ${known.join(', ')}`;
};

/** Whether the raw (percent-encoded) path segment `raw` is `segment` of a route. */
function fits(segment, raw) {
  if (typeof segment === 'string') return segment === raw;
  let value;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return false; // not valid percent-encoding: no route
  }
  return value !== '' && !segment.not?.includes(value) && (!segment.pattern || PATTERNS.get(segment).test(value));
}

/**
 * The Looply route at the end of `pathname`, wherever the proxy is mounted: the shortest tail
 * of the path that is a route (`/api/looply/v1/workflows/getWorkflowById` →
 * `/workflows/getWorkflowById`), so that a mount path may hold `workflows` too (under
 * `/workflows`, the longest tail `/workflows/workflows/getWorkflowById` would fit
 * runWorkflowAction). `{ tail, routes }` (the routes it fits, any method), or undefined.
 */
function findRoute(pathname) {
  const parts = pathname.split('/');
  for (let i = parts.length - 1; i >= 1; i--) {
    const rest = parts.slice(i);
    const routes = ROUTES.filter(
      (r) => r.segments.length === rest.length && r.segments.every((s, j) => fits(s, rest[j])),
    );
    if (routes.length > 0) return { tail: `/${rest.join('/')}`, routes };
  }
}

const parses = (url) => {
  try {
    return Boolean(new URL(url));
  } catch {
    return false;
  }
};

function readOptions(options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new TypeError('createLooplyProxy(options): options must be an object');
  for (const name of Object.keys(options)) {
    if (!OPTIONS.includes(name))
      throw new TypeError(`createLooplyProxy: unknown option '${name}'${hint(name, OPTIONS)}`);
  }
  const env = readEnv();
  const apiKey = options.apiKey === undefined ? env.apiKey : options.apiKey;
  if (typeof apiKey !== 'string' || apiKey === '')
    throw new TypeError('createLooplyProxy: apiKey is required: pass { apiKey } or set LOOPLY_API_KEY');
  // Never the key itself in the message: it would land in a log.
  if (!/^[\t\x20-\x7e]+$/.test(apiKey))
    throw new TypeError('createLooplyProxy: apiKey has characters that cannot be sent in an HTTP header');
  const baseUrl = options.baseUrl ?? (env.baseUrl || DEFAULT_BASE_URL);
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^?#]+$/i.test(baseUrl) || !parses(baseUrl))
    throw new TypeError('createLooplyProxy: baseUrl must be an http:// or https:// URL without a query or fragment');
  const { allow = OPERATIONS, authorize, fetch } = options;
  if (!Array.isArray(allow))
    throw new TypeError("createLooplyProxy: allow must be an array of method names, e.g. ['getWorkflowById']");
  for (const name of allow) {
    if (!OPERATIONS.includes(name))
      throw new TypeError(
        `createLooplyProxy: allow names an unknown operation '${String(name)}'${hint(String(name), OPERATIONS)}`,
      );
  }
  for (const [name, value] of [
    ['authorize', authorize],
    ['fetch', fetch],
  ]) {
    if (value !== undefined && typeof value !== 'function')
      throw new TypeError(`createLooplyProxy: ${name} must be a function`);
  }
  return { apiKey, baseUrl: baseUrl.replace(/\/+$/, ''), allow: new Set(allow), authorize, fetch };
}

/** Whether `authorize(request)` lets the request through (a throw does not). */
async function authorized(authorize, request) {
  try {
    return Boolean(await authorize(request));
  } catch {
    return false;
  }
}

/** The upstream's answer for the browser: status, the passed headers and the body, the key redacted. */
async function relay(upstream, redactor) {
  // Stryker disable next-line EqualityOperator: a status of 0 (an opaque redirect) is below 300 too.
  if (upstream.type === 'opaqueredirect' || (upstream.status >= 300 && upstream.status < 400)) {
    await upstream.body?.cancel().catch(() => {});
    return answer(
      502,
      `The Looply API answered with a redirect (HTTP ${upstream.status}), which the proxy does not follow`,
    );
  }
  let bytes;
  try {
    bytes = new Uint8Array(await upstream.arrayBuffer());
  } catch {
    return answer(502, 'The Looply API’s answer was cut off');
  }
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const name of PASSED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) headers.set(name, redactor.text(value));
  }
  const text = new TextDecoder().decode(bytes);
  const clean = redactor.text(text);
  const body = NO_BODY.has(upstream.status) ? null : clean === text ? bytes : new TextEncoder().encode(clean);
  return new Response(body, { status: upstream.status, headers });
}

/**
 * A Fetch API handler `(request) => Promise<Response>` that forwards the Looply routes named
 * in `allow` (the client's method names; all when omitted) to `baseUrl` with `x-api-key`.
 * Answers 401 when `authorize(request)` is falsy or throws, 404 for a path that is no Looply
 * route, 405 for a route's path with another method, 403 for a route not allowed, 502 when
 * the API cannot be reached or redirects. Options are checked at once (a TypeError names what
 * is wrong).
 */
export function createLooplyProxy(options = {}) {
  const { apiKey, baseUrl, allow, authorize, fetch } = readOptions(options);
  const redactor = new Redactor([apiKey]);
  return async function looplyProxy(request) {
    if (authorize && !(await authorized(authorize, request))) return answer(401, 'Unauthorized');
    const url = new URL(request.url);
    const found = findRoute(url.pathname);
    if (!found) return answer(404, 'Not Found: no Looply route at this path');
    const routes = found.routes.filter((r) => r.method === request.method);
    if (routes.length === 0) {
      const methods = [...new Set(found.routes.map((r) => r.method))].join(', ');
      return answer(405, `Method Not Allowed: ${methods} only`, { allow: methods });
    }
    if (!routes.some((r) => allow.has(r.name))) return answer(403, `${routes[0].name} is not allowed by this proxy`);
    const headers = new Headers({ 'x-api-key': apiKey });
    let body;
    if (request.method === 'POST') {
      if (request.bodyUsed)
        return answer(500, 'The request body was read before the proxy (authorize() may read request.clone())');
      const type = request.headers.get('content-type');
      if (type !== null) headers.set('content-type', type);
      try {
        body = await request.arrayBuffer();
      } catch {
        return answer(400, 'The request body could not be read');
      }
    }
    let upstream;
    try {
      // The global fetch of this moment (a mock installed after the proxy was made applies).
      upstream = await (fetch ?? globalThis.fetch)(`${baseUrl}${found.tail}${url.search}`, {
        method: request.method,
        headers,
        body,
        redirect: 'manual',
        signal: request.signal,
      });
    } catch {
      return answer(502, 'The Looply API could not be reached');
    }
    return relay(upstream, redactor);
  };
}
