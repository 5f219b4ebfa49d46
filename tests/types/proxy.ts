/// <reference types="node" />
// looply-sdk/proxy as an app's server uses it, type-checked with `tsc --strict` against the
// installed package (scripts/typecheck.mjs): a Fetch handler for Next.js, Workers, Deno and
// Bun, and a node:http listener.
import * as http from 'node:http';
import {
  createLooplyProxy,
  type FetchHandler,
  type LooplyOperation,
  type LooplyProxyOptions,
  toNodeHandler,
} from 'looply-sdk/proxy';

const allow: LooplyOperation[] = ['getWorkflowById', 'triggerWorkflow', 'toggleScheduledWorkflow'];
const options: LooplyProxyOptions = {
  apiKey: 'k',
  baseUrl: 'https://api.looply.io/v1',
  allow,
  authorize: async (request: Request) => request.headers.get('cookie') !== null,
  fetch: (url, init) => fetch(url, init),
};
const proxy: FetchHandler = createLooplyProxy(options);
createLooplyProxy();
createLooplyProxy({ authorize: () => 'yes' });

// @ts-expect-error: not an operation (a typo)
createLooplyProxy({ allow: ['getWorkflowByID'] });
// @ts-expect-error: a paginator is not an operation
createLooplyProxy({ allow: ['paginateOrganizationWorkflows'] });
// @ts-expect-error: not an option
createLooplyProxy({ apiKey: 'k', allwo: [] });

// A Next.js route handler's exports, a Worker's fetch.
export const GET = proxy;
export const POST = proxy;
const worker = { fetch: proxy } satisfies { fetch(request: Request): Promise<Response> };

// node:http: the listener fits createServer and RequestListener.
const listener: http.RequestListener = toNodeHandler(proxy);
http.createServer(toNodeHandler(proxy));
http.createServer(listener);
const done: Promise<void> = toNodeHandler(proxy)(new http.IncomingMessage(null as never), null as never);
// @ts-expect-error: toNodeHandler takes a Fetch handler
toNodeHandler((req: http.IncomingMessage) => req);

export { done, worker };
