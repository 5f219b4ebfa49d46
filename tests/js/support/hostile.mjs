// A raw HTTP server on 127.0.0.1 that misbehaves on purpose, written on `node:net` so that
// nothing (not even node:http's own rules) stands between a test and the bytes it sends.
// Each request is parsed just enough (request line, headers, a content-length body) and
// handed to the test's `respond(req, socket)`, which writes whatever it likes; `normal` mode
// answers like Looply would, so that a test can check the same client still works after.
import net from 'node:net';

/** A well-formed Looply answer to any request (for the call that follows each hostile case). */
export const NORMAL_ITEM = { workflow_id: 'w', workflow_version: 1, workflow_name: 'normal' };

/** Writes a complete response and closes the connection. */
export function reply(socket, status, headers = {}, body = '') {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lines = [`HTTP/1.1 ${status} X`, 'connection: close'];
  const all = { 'content-length': String(bytes.length), ...headers };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) lines.push(`${k}: ${v}`);
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), bytes]));
}

/** A JSON response. */
export function json(socket, status, value, headers = {}) {
  reply(socket, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(value));
}

/** Answers as Looply would: a workflow for a read, an execution id for a POST, an empty page for a list. */
export function answerNormally(req, socket) {
  if (req.method === 'POST') return json(socket, 200, { message: 'success', looply_execution_id: 'e-normal' });
  if (/getOrganization|History/.test(req.path)) return json(socket, 200, { message: 'success', count: 0, items: [] });
  return json(socket, 200, { message: 'success', item: NORMAL_ITEM });
}

function parse(buffer) {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [line, ...rest] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const [method, path] = line.split(' ');
  const headers = {};
  for (const h of rest) {
    const i = h.indexOf(':');
    if (i > 0) headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (buffer.length < end + 4 + length) return undefined;
  return { method, path, headers, body: buffer.subarray(end + 4, end + 4 + length).toString() };
}

/**
 * Starts a server; `respond(req, socket)` answers each request (while `mode` is not
 * 'normal'). Returns `{ url, baseUrl, origin, requests, mode, close }`; `requests` lists what
 * arrived. It closes itself after `lifetimeMs` in any case.
 */
export async function hostileServer(respond, { lifetimeMs = 120_000 } = {}) {
  const sockets = new Set();
  const state = { requests: [], mode: 'hostile' };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    let handled = false;
    socket.on('data', (chunk) => {
      if (handled) return;
      buffer = Buffer.concat([buffer, chunk]);
      const req = parse(buffer);
      if (!req) return;
      handled = true;
      state.requests.push(req);
      try {
        if (state.mode === 'normal') answerNormally(req, socket);
        else respond(req, socket, state);
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const stop = setTimeout(() => close(), lifetimeMs);
  stop.unref();
  function close() {
    clearTimeout(stop);
    for (const s of sockets) s.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  }
  return Object.assign(state, { origin, baseUrl: `${origin}/v1`, close });
}
