// Small HTTP helpers: errors, CORS, body reading, query and path decoding,
// and plain response objects ({ status, headers, body }) written in one place.
import { randomUUID } from 'node:crypto';

export const MAX_BODY_BYTES = 1024 * 1024;

/** An error that becomes a `{"message": ...}` JSON response. */
export class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

export const badRequest = (message) => new HttpError(400, message);
export const notFound = (message = 'Not Found') => new HttpError(404, message);

export const CORS_HEADERS = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-request-id, retry-after, retry-after-ms',
});

/** The answer to an OPTIONS preflight, for any path. */
export function preflightResponse(req) {
  const requested = req.headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': requested ? `*, ${requested}` : '*',
      'access-control-max-age': '600',
    },
    body: '',
  };
}

/** A JSON response object. */
export function json(status, value, headers = {}) {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export const errorResponse = (err) => json(err.status, { message: err.message }, err.headers);

/** API responses carry a fresh request id, like API Gateway's. */
export const withRequestId = (response) => ({
  ...response,
  headers: { 'x-amzn-requestid': randomUUID(), ...response.headers },
});

/**
 * Writes a response object. With `truncate`, sends half the body under the full length, then
 * cuts the socket; with `declaredLength`, claims that length, sends the body, then cuts the
 * socket; a `chunked` response goes without a length, in chunks of 1 MiB.
 */
export function send(res, response, { truncate = false, declaredLength } = {}) {
  if (res.headersSent || res.destroyed) return;
  const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body ?? '');
  const noLength = response.status === 204 || response.chunked; // 204 must not carry one
  const length = noLength ? {} : { 'content-length': declaredLength ?? body.length };
  res.writeHead(response.status, { ...CORS_HEADERS, ...response.headers, ...length });
  if (response.chunked) {
    for (let at = 0; at < body.length; at += CHUNK_BYTES) res.write(body.subarray(at, at + CHUNK_BYTES));
    res.end();
  } else if (truncate) {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
  } else if (declaredLength !== undefined) {
    res.write(body, () => res.destroy());
  } else {
    res.end(body);
  }
}

const CHUNK_BYTES = 1024 * 1024;

/** Reads the whole request body as UTF-8; rejects with 413 past MAX_BODY_BYTES. */
export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY_BYTES
        ? reject(new HttpError(413, 'Request body too large'))
        : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/** decodeURIComponent that turns malformed escapes (e.g. %ZZ) into a 400. */
export function decodeComponent(text, what) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw badRequest(`Invalid percent-encoding in ${what}`);
  }
}

/** Parses a raw query string (without '?'); the last of repeated names wins. */
export function parseQuery(search) {
  const query = new Map();
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const [rawName, rawValue] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    query.set(decodeQueryPart(rawName), decodeQueryPart(rawValue));
  }
  return Object.fromEntries(query); // own data properties only, even for a name like "__proto__"
}

const decodeQueryPart = (text) => decodeComponent(text.replace(/\+/g, ' '), 'query string');

/** Splits '/a/b%2Fc' into decoded segments ['a', 'b/c']. */
export const pathSegments = (path) =>
  path
    .split('/')
    .slice(1)
    .map((s) => decodeComponent(s, 'path'));

/** Parses a JSON request body; an empty body is `{}`. */
export function parseJsonBody(text) {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Request body must be valid JSON');
  }
}

export const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Listens on `host`:`port` (0 = a free one); resolves to the port. */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address().port);
    });
  });
}

/** Keeps every socket so close() can destroy them (keep-alive ones included). */
export function trackSockets(server) {
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}
