// Types of `looply-sdk/testing`.

/** A request the mock server received. */
export interface ReceivedRequest {
  method: string;
  /** Relative to `baseUrl`, e.g. `/workflows/getOrganizationWorkflows`. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; `x-api-key` shows as `<redacted>`. */
  headers: Record<string, string>;
  body: string;
  /** When it arrived (ms since the epoch). */
  time: number;
}

/** What `fail(spec)` makes the next matching requests do. */
export interface FailSpec {
  /** Requests whose path (relative to `baseUrl`) contains this, e.g. `/workflows/getOrganizationWorkflows`. */
  path: string;
  /** Answer with this HTTP status… */
  status?: number;
  headers?: Record<string, string>;
  /** …and this body (an object is sent as JSON; default `{ message }` for the status). */
  body?: unknown;
  /** How many requests (default 1). */
  times?: number;
  /** Never answer (until `close()`). */
  hang?: boolean;
  /** Drop the connection without an answer. */
  drop?: boolean;
}

export interface MockServerOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** The accepted `x-api-key` (default `looply-demo-key`). */
  apiKey?: string;
  /** Starting data: a JSON file's path or `{ organizationId, workspaceId, workflows, executions }` (default: seeded). */
  data?: string | { organizationId: string; workspaceId: string; workflows: unknown[]; executions: unknown[] };
  /** Added to every answer, in ms (default 0). */
  latencyMs?: number;
  /** How long a triggered or resumed execution stays in each state, in ms (default 1500). */
  stateDelayMs?: number;
  /** How many executions to seed (default 360). */
  executions?: number;
}

export interface MockServer {
  /** Ready for `new LooplyClient({ baseUrl, apiKey })`. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly url: string;
  readonly port: number;
  /** What the server received, oldest first. */
  readonly requests: ReceivedRequest[];
  /** Back to the starting data; pending faults and the request log are cleared. */
  reset(): void;
  /** The next `times` requests to `spec.path` fail as described. */
  fail(spec: FailSpec): void;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** Starts a Looply-compatible server on 127.0.0.1. */
export declare function startMockServer(options?: MockServerOptions): Promise<MockServer>;

/** The `looply-mock-server` command (`--help` lists the flags). */
export declare function runMockServerCli(argv?: string[]): Promise<void>;
