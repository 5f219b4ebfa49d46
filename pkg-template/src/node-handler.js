// `toNodeHandler` of `looply-sdk/proxy`: a Fetch API handler as a Node `(req, res)` listener,
// for node:http and Express-style servers. No `node:` import: the entry that exports it also
// runs in Deno, Bun and workers, where it is simply not called.

/** Node's request as a Fetch `Request`: its URL (the server's host), headers and body. */
async function requestOf(req, signal) {
  const proto = req.socket?.encrypted ? 'https' : 'http';
  // Express strips its mount path from `url`; `originalUrl` keeps it (`authorize` may look).
  const path = req.originalUrl ?? req.url ?? '/';
  const host = typeof req.headers.host === 'string' ? req.headers.host : 'localhost';
  let url;
  try {
    url = new URL(path.startsWith('/') ? `${proto}://${host}${path}` : path);
  } catch {
    url = new URL(`${proto}://localhost${path.startsWith('/') ? path : '/'}`);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2's pseudo-headers (`:path`) are no headers of a Request.
    if (name.startsWith(':') || value === undefined) continue;
    try {
      headers.set(name, Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value);
    } catch {
      // A value the Fetch API refuses: left out.
    }
  }
  const method = req.method ?? 'GET';
  let body;
  if (method !== 'GET' && method !== 'HEAD') {
    // A body parser before this handler (express.json()) has read the stream already: say so,
    // rather than forward an empty body.
    if (req.readableEnded) throw new BodyAlreadyRead();
    const chunks = [];
    for await (const chunk of req) chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
    body = concat(chunks);
  }
  return new Request(url, { method, headers, body, signal });
}

class BodyAlreadyRead extends Error {}

function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Resolves when `res` can take more (or is closed). */
function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes a Fetch `Response` to Node's `res`: status, headers (each `set-cookie` apart), body. */
async function send(res, response) {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== 'set-cookie') res.setHeader(name, value);
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) return void res.end();
  try {
    for await (const chunk of response.body) {
      if (res.destroyed) break;
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  } catch {
    res.destroy(); // the body failed midway: the client sees a cut connection, not a short success
  }
}

const json = (status, message) =>
  new Response(JSON.stringify({ message }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });

/**
 * `(req, res) => Promise<void>` around a Fetch API handler (`createLooplyProxy(…)`), for
 * `http.createServer` or Express's `app.use`. A request whose client goes away aborts the
 * handler's `request.signal`; a request that is no valid Fetch `Request` answers 400, a handler
 * that throws 500 (its error is not shown).
 */
export function toNodeHandler(handler) {
  if (typeof handler !== 'function') throw new TypeError('toNodeHandler(handler): handler must be a function');
  return async function nodeHandler(req, res) {
    const aborter = new AbortController();
    res.on('close', () => aborter.abort());
    let request;
    try {
      request = await requestOf(req, aborter.signal);
    } catch (err) {
      const mounted = 'The request body was read before this handler (mount it before any body parser)';
      return send(res, err instanceof BodyAlreadyRead ? json(500, mounted) : json(400, 'Bad Request'));
    }
    let response;
    try {
      response = await handler(request);
    } catch {
      response = json(500, 'Internal Server Error');
    }
    await send(res, response);
  };
}
