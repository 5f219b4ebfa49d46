// Types of `looply-sdk/proxy`.

/** A client method that calls one Looply operation, e.g. `'getWorkflowById'`. */
export type LooplyOperation = string; // the union of the endpoint methods' names: written by scripts/build.mjs

/** A standard Fetch API handler, as Next.js route handlers, Cloudflare Workers, `Deno.serve` and `Bun.serve` take. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Options of {@link createLooplyProxy}. */
export interface LooplyProxyOptions {
  /** The API key the proxy sends as `x-api-key` (default: `process.env.LOOPLY_API_KEY`). Required. */
  apiKey?: string;
  /**
   * The Looply API's base URL (default: `process.env.LOOPLY_BASE_URL`, else
   * `https://api.looply.io/v1`), as the client's `baseUrl`.
   */
  baseUrl?: string;
  /**
   * The operations forwarded, by the client's method names (default: every one). Any other
   * route answers 403. An unknown name is a TypeError at creation.
   */
  allow?: readonly LooplyOperation[];
  /**
   * Runs first, with the browser's request; a falsy result or a throw answers 401 and nothing
   * is forwarded. Read `request.clone()` if it needs the body.
   */
  authorize?: (request: Request) => unknown;
  /** The `fetch` that reaches the Looply API (default: the global `fetch` at each request). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/**
 * A Fetch API handler that forwards the Looply routes of `allow` to `baseUrl` with the
 * server's key, mountable under any path: the path from `/workflows/` on names the route
 * (`/api/looply/v1/workflows/getWorkflowById?…` → `${baseUrl}/workflows/getWorkflowById?…`).
 * Forwards the query, the body and `content-type` only (no cookies, no `authorization`, no
 * browser-sent `x-api-key`); answers with the API's status, body and `content-type`,
 * `cache-control`, `retry-after`, `retry-after-ms` and request id headers, the key redacted.
 * Its own answers are JSON `{ message }`: 401 (`authorize`), 403 (not in `allow`), 404 (no
 * Looply route), 405 (a route's path with another method, with `allow`), 502 (the API
 * unreachable, or it redirected: redirects are not followed).
 *
 * @throws {TypeError} for a missing key, a bad `baseUrl`, an unknown name in `allow` or an unknown option.
 */
export declare function createLooplyProxy(options?: LooplyProxyOptions): FetchHandler;

/** What {@link toNodeHandler} reads of Node's `http.IncomingMessage` (Express's request is one). */
export interface NodeRequest extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  /** Express's URL with its mount path. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  readableEnded: boolean;
  socket?: unknown;
}

/** What {@link toNodeHandler} uses of Node's `http.ServerResponse`. */
export interface NodeResponse {
  statusCode: number;
  readonly destroyed: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(): unknown;
  on(event: 'close' | 'drain', listener: () => void): unknown;
  off(event: 'close' | 'drain', listener: () => void): unknown;
}

/**
 * A Node `(req, res)` listener around a Fetch API handler: `http.createServer(toNodeHandler(proxy))`,
 * `app.use('/api/looply', toNodeHandler(proxy))` (before any body parser). The handler's
 * `request.signal` aborts when the client goes away; a handler that throws answers 500.
 */
export declare function toNodeHandler(handler: FetchHandler): (req: NodeRequest, res: NodeResponse) => Promise<void>;
