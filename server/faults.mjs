// Fault injection: a queue of faults, each consumed by the next API request
// whose path contains `fault.match` (or by any request when match is absent).
import { STATUS_CODES, validateHeaderName, validateHeaderValue } from 'node:http';
import { gzipSync } from 'node:zlib';
import { badRequest, isPlainObject } from './http-util.mjs';

const MAX_DELAY_MS = 600_000;
const MAX_TIMES = 1000;

const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>502 Bad Gateway</h1><p>The upstream server returned an invalid response.</p></body></html>
`;

/** Decoded size of one gzip bomb member: over the SDK's 32 MiB cap on a decoded body. */
export const GZIP_BOMB_BYTES = 33 * 1024 * 1024;
const MAX_GZIP_BOMB_MEMBERS = 64;
const MAX_FAULT_BODY_BYTES = 64 * 1024 * 1024;
let gzipBomb = null;
/**
 * `members` gzip members of 33 MiB of zeros each (about 33 KB apiece), one after the other
 * (a gzip body may hold several): a bomb of many members tells a client that stops at its cap
 * from one that reads it all. The member is built on first use, then kept.
 */
function gzipBombBody(members) {
  gzipBomb ??= gzipSync(Buffer.alloc(GZIP_BOMB_BYTES), { level: 9 });
  return members === 1 ? gzipBomb : Buffer.concat(Array.from({ length: members }, () => gzipBomb));
}

function checkHeaders(headers) {
  if (headers === undefined) return;
  if (!isPlainObject(headers)) throw badRequest('fault.headers must be an object');
  try {
    Object.entries(headers).forEach(([name, value]) => {
      validateHeaderName(name);
      validateHeaderValue(name, String(value));
    });
  } catch (err) {
    throw badRequest(`fault.headers is invalid: ${err.message}`);
  }
}

const isIntIn = (value, min, max) => Number.isInteger(value) && value >= min && value <= max;

/** Throws a 400 HttpError when a fault would be unusable (so nothing fails later, mid-response). */
export function validateFault(fault) {
  if (!isPlainObject(fault)) throw badRequest('A fault must be a JSON object');
  if (fault.status !== undefined && !isIntIn(fault.status, 200, 599))
    throw badRequest('fault.status must be an integer between 200 and 599');
  if (fault.delayMs !== undefined && !isIntIn(fault.delayMs, 0, MAX_DELAY_MS))
    throw badRequest(`fault.delayMs must be an integer between 0 and ${MAX_DELAY_MS}`);
  if (fault.times !== undefined && !isIntIn(fault.times, 1, MAX_TIMES))
    throw badRequest(`fault.times must be an integer between 1 and ${MAX_TIMES}`);
  if (fault.match !== undefined && typeof fault.match !== 'string') throw badRequest('fault.match must be a string');
  if (fault.rawBody !== undefined && typeof fault.rawBody !== 'string')
    throw badRequest('fault.rawBody must be a string');
  if (fault.echoKey !== undefined && typeof fault.echoKey !== 'boolean')
    throw badRequest('fault.echoKey must be a boolean');
  if (
    fault.gzipBomb !== undefined &&
    typeof fault.gzipBomb !== 'boolean' &&
    !isIntIn(fault.gzipBomb, 1, MAX_GZIP_BOMB_MEMBERS)
  ) {
    throw badRequest(`fault.gzipBomb must be true or a number of members between 1 and ${MAX_GZIP_BOMB_MEMBERS}`);
  }
  if (fault.bodyBytes !== undefined && !isIntIn(fault.bodyBytes, 2, MAX_FAULT_BODY_BYTES)) {
    throw badRequest(`fault.bodyBytes must be an integer between 2 and ${MAX_FAULT_BODY_BYTES}`);
  }
  if (fault.declaredLength !== undefined && !isIntIn(fault.declaredLength, 0, Number.MAX_SAFE_INTEGER)) {
    throw badRequest('fault.declaredLength must be a whole number of bytes');
  }
  checkHeaders(fault.headers);
  if (fault.contentType !== undefined) checkHeaders({ 'content-type': fault.contentType });
}

export class FaultQueue {
  #queue = [];

  /** Queues one fault or an array of faults (each `times` times, default once); returns how many were queued. */
  add(faults) {
    const list = Array.isArray(faults) ? faults : [faults];
    list.forEach(validateFault);
    const copies = list.flatMap(({ times = 1, ...fault }) => Array.from({ length: times }, () => ({ ...fault })));
    this.#queue.push(...copies);
    return copies.length;
  }

  /** Removes and returns the first fault that applies to `path`, or null. */
  take(path) {
    const i = this.#queue.findIndex((f) => f.match === undefined || path.includes(f.match));
    return i < 0 ? null : this.#queue.splice(i, 1)[0];
  }

  list() {
    return this.#queue.map((f) => ({ ...f }));
  }

  clear() {
    this.#queue.length = 0;
  }
}

/** A 403 (or `status`) whose body, `www-authenticate` and request id repeat the key received. */
function echoKeyResponse(status, key, headers) {
  const echo = {
    'content-type': 'application/json',
    'www-authenticate': `ApiKey realm="looply", key="${key}"`,
    'x-amzn-requestid': `req-${key}`,
  };
  const body = JSON.stringify({ message: `Forbidden: key ${key} is not valid`, detail: { [key]: [key] } });
  return { status, headers: { ...echo, ...headers }, body };
}

/**
 * The response a fault answers with instead of the real handler, or null when it has none.
 * `request.apiKey` is the `x-api-key` received (for `echoKey`). A fault happens once, so its
 * answer is `no-store` (unless its headers say otherwise): a browser must not replay it, as
 * Chromium would replay a 301 to every later request of the same URL.
 */
export function faultResponse(fault, request = {}) {
  const answer = fault ? replacement(fault, request) : null;
  return answer && { ...answer, headers: { 'cache-control': 'no-store', ...answer.headers } };
}

/** The fault's own answer (before faultResponse's `no-store`), or null when it has none. */
function replacement(fault, request) {
  const headers = fault.headers ?? {};
  if (fault.gzipBomb) {
    const bomb = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const members = fault.gzipBomb === true ? 1 : fault.gzipBomb;
    return { status: fault.status ?? 200, headers: { ...bomb, ...headers }, body: gzipBombBody(members) };
  }
  if (fault.echoKey) return echoKeyResponse(fault.status ?? 403, request.apiKey ?? '', headers);
  if (fault.html) {
    return {
      status: fault.status ?? 502,
      headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
      body: HTML_PAGE,
    };
  }
  if (fault.bodyBytes !== undefined) {
    // `{}` and spaces, exactly `bodyBytes` long: valid JSON of any size, sent without a length.
    const body = Buffer.alloc(fault.bodyBytes, ' ');
    body.write('{}');
    return {
      status: fault.status ?? 200,
      headers: { 'content-type': 'application/json', ...headers },
      body,
      chunked: true,
    };
  }
  if (fault.rawBody !== undefined) {
    return {
      status: fault.status ?? 200,
      headers: { 'content-type': fault.contentType ?? 'text/plain; charset=utf-8', ...headers },
      body: fault.rawBody,
    };
  }
  if (fault.status !== undefined) {
    const body = fault.body ?? { message: STATUS_CODES[fault.status] ?? 'Error' };
    return {
      status: fault.status,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    };
  }
  return null;
}

/** Extra headers a fault adds to the real response (when it does not replace it). */
export const faultExtraHeaders = (fault) => (fault && !faultResponse(fault) ? (fault.headers ?? {}) : {});

/** How a fault changes the sending of whatever answer it gets: cut short, or a false length. */
export const sendingOf = (fault) => ({ truncate: Boolean(fault?.truncate), declaredLength: fault?.declaredLength });
