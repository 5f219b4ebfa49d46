// The request pipeline: preflight, control endpoints, static files, and the
// API (log the request, apply a queued fault, check the key, route, answer).
import {
  HttpError,
  errorResponse,
  json,
  parseQuery,
  pathSegments,
  preflightResponse,
  readBody,
  send,
  withRequestId,
} from './http-util.mjs';
import { routeApi } from './routes.mjs';
import { controlResponse } from './control.mjs';
import { faultExtraHeaders, faultResponse, sendingOf } from './faults.mjs';
import { findMount, serveStatic } from './static.mjs';

const MAX_LOGGED_REQUESTS = 50_000;

function splitUrl(rawUrl) {
  const q = rawUrl.indexOf('?');
  return q < 0 ? { path: rawUrl, search: '' } : { path: rawUrl.slice(0, q), search: rawUrl.slice(q + 1) };
}

const isApiPath = (path) => path === '/v1' || path.startsWith('/v1/');

/** Runs `produce` and turns any thrown error into an error response. */
async function settle(produce, warn) {
  try {
    return await produce();
  } catch (err) {
    if (err instanceof HttpError) return errorResponse(err);
    warn(`Internal error: ${err?.stack ?? err}`);
    return json(500, { message: 'Internal Server Error' });
  }
}

function logRequest(app, req, path, query, body) {
  const headers = { ...req.headers };
  if ('x-api-key' in headers) headers['x-api-key'] = '<redacted>';
  app.requests.push({ method: req.method, path, query, headers, body, time: Date.now() });
  if (app.requests.length > MAX_LOGGED_REQUESTS) app.requests.splice(0, app.requests.length - MAX_LOGGED_REQUESTS);
}

/** The real API answer: key first, then route, query and handler. */
function apiResponse(app, req, { path, query, queryError, body }) {
  if (req.headers['x-api-key'] !== app.apiKey) throw new HttpError(403, 'Forbidden');
  const route = routeApi(req.method, pathSegments(path));
  if (queryError) throw queryError;
  return route.handler({ params: route.params, query, body }, app);
}

function parseQuerySafely(search) {
  try {
    return { query: parseQuery(search) };
  } catch (err) {
    return { query: {}, queryError: err };
  }
}

async function handleApi(app, req, res, { path, search }) {
  const body = await readBody(req).catch((err) => err);
  const bodyError = typeof body === 'string' ? null : body;
  const { query, queryError } = parseQuerySafely(search);
  logRequest(app, req, path, query, bodyError ? '' : body);
  if (app.checkRequest && !bodyError && !queryError) {
    app.violations.push(...app.checkRequest({ method: req.method, path, query, body }));
  }
  const fault = bodyError ? null : app.faults.take(path);
  const delay = (fault?.delayMs ?? 0) + app.latencyMs;
  if (delay && !(await app.timers.sleep(delay, abortSignalOf(res)))) return;
  if (fault?.drop) {
    req.socket.destroy();
    return;
  }
  const response =
    faultResponse(fault, { apiKey: req.headers['x-api-key'] }) ??
    (await settle(() => {
      if (bodyError) throw bodyError;
      return apiResponse(app, req, { path, query, queryError, body });
    }, app.warn));
  const headers = { ...response.headers, ...faultExtraHeaders(fault) };
  send(res, withRequestId({ ...response, headers }), sendingOf(fault));
}

/** Aborts when the response closes early (the client went away). */
function abortSignalOf(res) {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

async function route(app, req, res) {
  const url = splitUrl(req.url ?? '/');
  if (req.method === 'OPTIONS') return send(res, preflightResponse(req));
  if (url.path.startsWith('/__control/')) {
    const body = await readBody(req).catch((err) => err);
    return send(
      res,
      await settle(() => {
        if (typeof body !== 'string') throw body;
        return controlResponse(app, req.method, url.path, body);
      }, app.warn),
    );
  }
  const mount = !isApiPath(url.path) && findMount(app.mounts, url.path);
  if (mount) return send(res, await settle(() => serveStatic(mount, req.method, url.path), app.warn));
  return handleApi(app, req, res, url);
}

function logWhenDone(app, req, res) {
  const started = Date.now();
  res.once('finish', () => app.log(`${req.method} ${req.url} -> ${res.statusCode} (${Date.now() - started} ms)`));
}

/** The 'request' listener of the HTTP server. */
export function createHandler(app) {
  return async (req, res) => {
    if (!app.quiet) logWhenDone(app, req, res);
    try {
      await route(app, req, res);
    } catch (err) {
      app.warn(`Unexpected error: ${err?.stack ?? err}`);
      if (!res.headersSent) send(res, json(500, { message: 'Internal Server Error' }));
      else res.destroy();
    }
  };
}
