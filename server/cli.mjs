// Command-line entry: `node server/looply-server.mjs [flags]`.
import { parseArgs } from 'node:util';
import { SEEDED } from './seed.mjs';

/** The help text, for the command `name` that runs it. */
export const usage = (name = 'node server/looply-server.mjs') => `Usage: ${name} [flags]
  --port N               port on 127.0.0.1 (default 8787; 0 = any free port)
  --api-key KEY          accepted x-api-key (default looply-demo-key)
  --data FILE            load state from FILE if it exists; save to it
  --static PREFIX=DIR    serve DIR under PREFIX (repeatable), e.g. --static /=www
  --executions N         seeded executions (default 360)
  --state-delay-ms N     delay between execution states (default 1500)
  --ttl-seconds N        exit after N seconds (0 = never, the default)
  --exit-on-stdin-end    exit when stdin ends
  --verbose              log each request to stderr
  --help                 show this help`;

const OPTIONS = {
  port: { type: 'string', default: '8787' },
  'api-key': { type: 'string', default: 'looply-demo-key' },
  data: { type: 'string' },
  static: { type: 'string', multiple: true, default: [] },
  executions: { type: 'string', default: '360' },
  'state-delay-ms': { type: 'string', default: '1500' },
  'ttl-seconds': { type: 'string', default: '0' },
  'exit-on-stdin-end': { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
};

function integerFlag(values, name) {
  const text = values[name];
  if (!/^\d+$/.test(text)) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function staticFlag(entry) {
  const eq = entry.indexOf('=');
  if (eq <= 0 || eq === entry.length - 1) throw new Error(`--static must look like PREFIX=DIR, got "${entry}"`);
  return { prefix: entry.slice(0, eq), dir: entry.slice(eq + 1) };
}

/** Turns argv into startServer options plus CLI-only settings; throws on bad flags. */
export function parseCliArgs(argv) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const ttlSeconds = Number(values['ttl-seconds']);
  if (!(ttlSeconds >= 0))
    throw new Error(`--ttl-seconds must be a non-negative number, got "${values['ttl-seconds']}"`);
  return {
    help: values.help,
    ttlSeconds,
    exitOnStdinEnd: values['exit-on-stdin-end'],
    options: {
      port: integerFlag(values, 'port'),
      apiKey: values['api-key'],
      dataFile: values.data,
      static: values.static.map(staticFlag),
      executions: integerFlag(values, 'executions'),
      stateDelayMs: integerFlag(values, 'state-delay-ms'),
      quiet: !values.verbose,
    },
  };
}

/**
 * Parses flags, starts the server, prints the "listening" line (and how to point a client at
 * it), and wires the ways to stop. `name` is the command in the help text.
 */
export async function runCli(argv, startServer, name = undefined) {
  let cli;
  try {
    cli = parseCliArgs(argv);
  } catch (err) {
    console.error(`${err.message}\n\n${usage(name)}`);
    process.exit(2);
  }
  if (cli.help) {
    console.log(usage(name));
    return;
  }
  let srv;
  try {
    srv = await startServer(cli.options);
  } catch (err) {
    console.error(`Cannot start the Looply local server: ${err.message}`);
    process.exit(1);
  }
  console.log(`Looply local server listening on ${srv.url} (baseUrl ${srv.baseUrl}, api key ${srv.apiKey})`);
  console.log(`Point a client at it: LOOPLY_BASE_URL=${srv.baseUrl} LOOPLY_API_KEY=${srv.apiKey}`);
  console.log(`A seeded workflow: ${SEEDED.bigWorkflowId} (${SEEDED.bigWorkflowName})`);
  const stop = async () => {
    await srv.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (cli.ttlSeconds > 0) setTimeout(stop, cli.ttlSeconds * 1000);
  if (cli.exitOnStdinEnd) {
    process.stdin.once('end', stop);
    process.stdin.resume();
  }
}
