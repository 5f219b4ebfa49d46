// A second origin, for redirect tests: a listener on another free port of 127.0.0.1 that
// counts every request it receives (preflights too) and answers each with a 200. A client
// must never follow a redirect there, so a test checks that its count stays 0. Started on
// demand by POST /__control/other-origin, closed with the server.
import http from 'node:http';
import { json, listen, preflightResponse, send, trackSockets } from './http-util.mjs';

/** The listener: `{ ready (resolves to its URL), count(), reset(), close() }`. */
export function createOtherOrigin() {
  let count = 0;
  const server = http.createServer((req, res) => {
    count += 1;
    req.resume();
    send(res, req.method === 'OPTIONS' ? preflightResponse(req) : json(200, { message: 'the other origin' }));
  });
  const sockets = trackSockets(server);
  return {
    ready: listen(server, 0, '127.0.0.1').then((port) => `http://127.0.0.1:${port}`),
    count: () => count,
    reset: () => {
      count = 0;
    },
    close: () => {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      return closed;
    },
  };
}

/** `{ url, count }` of the app's other origin, started first when `start` (else `url` is null until then). */
export async function otherOriginState(app, start) {
  if (start) app.otherOrigin ??= createOtherOrigin();
  if (!app.otherOrigin) return { url: null, count: 0 };
  return { url: await app.otherOrigin.ready, count: app.otherOrigin.count() };
}
