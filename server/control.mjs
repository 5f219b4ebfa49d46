// Test-control endpoints under /__control/ (no API key needed).
import { HttpError, json, notFound, parseJsonBody } from './http-util.mjs';
import { otherOriginState } from './other-origin.mjs';

const CONTROL_ROUTES = {
  'GET /__control/requests': (app) => json(200, app.requests),
  'GET /__control/faults': (app) => json(200, app.faults.list()),
  'POST /__control/faults': (app, body) =>
    json(200, { message: 'success', queued: app.faults.add(parseJsonBody(body)) }),
  'POST /__control/reset': (app) => {
    app.reset();
    return json(200, { message: 'success' });
  },
  'GET /__control/info': (app) => json(200, app.info()),
  'POST /__control/other-origin': async (app) => json(200, await otherOriginState(app, true)),
  'GET /__control/other-origin': async (app) => json(200, await otherOriginState(app, false)),
};

/** The response of a control endpoint. */
export function controlResponse(app, method, path, body) {
  const handler = CONTROL_ROUTES[`${method} ${path}`];
  if (handler) return handler(app, body);
  const allowed = ['GET', 'POST'].filter((m) => CONTROL_ROUTES[`${m} ${path}`]);
  if (allowed.length) throw new HttpError(405, 'Method Not Allowed', { allow: allowed.join(', ') });
  throw notFound();
}
