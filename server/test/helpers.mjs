// Shared helpers for the server tests.
import http from 'node:http';
import net from 'node:net';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** fetch() against the API with the server's key (or `key`), returning status, headers, text and parsed JSON. */
export async function api(srv, path, { method = 'GET', key = srv.apiKey, body, headers = {}, signal } = {}) {
  const allHeaders = { ...(key ? { 'x-api-key': key } : {}), ...headers };
  const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${srv.baseUrl}${path}`, { method, headers: allHeaders, body: payload, signal });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A query string from an object, skipping undefined values. */
export const qs = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)).toString();

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor(check, { timeoutMs = 3000, intervalMs = 15 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A raw http.request that reports status, headers, the bytes received and whether the socket broke. */
export function rawRequest(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), broken: false }));
      res.on('error', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), broken: true }));
    });
    req.on('error', (error) => resolve({ error }));
    req.end(body);
  });
}

/** Writes raw bytes to the port and collects what comes back until the socket closes. */
export function rawSocket(port, text) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', () => {});
  });
}
