// `looply`: the Looply Workflow API from a shell (pkg-template/bin/looply.mjs runs it). One module
// a command group; every command calls the public client, which scripts/build.mjs leaves as an
// import of the package's own entry (./index.mjs): no second copy of the wasm, and no entry of
// the package imports this code. Exit codes: 0 success, 1 an API or network error, 2 a usage
// error, 3 a wait that timed out or an execution that ended failed.
import { LooplyClient, LooplyError, ValidationError, WaitTimeoutError } from 'looply-sdk';
import { ACTION_COMMANDS } from './actions.mjs';
import { Failure, UsageError, commandUsage, findCommand, mainUsage, parseCommand } from './args.mjs';
import { EXECUTION_COMMANDS } from './executions.mjs';
import { Output } from './output.mjs';
import { TYPES_COMMANDS } from './types.mjs';
import { WATCH_COMMANDS } from './watch.mjs';
import { WORKFLOW_COMMANDS } from './workflows.mjs';

const COMMANDS = [
  ...WORKFLOW_COMMANDS,
  ...EXECUTION_COMMANDS,
  ...WATCH_COMMANDS,
  ...ACTION_COMMANDS,
  ...TYPES_COMMANDS,
];

const API_ERROR = 1;
const USAGE_ERROR = 2;
const TIMED_OUT = 3;

/** The client of the command line's key and base URL (flags first, then the environment). */
function makeClient(values, env) {
  const apiKey = values['api-key'] || env.LOOPLY_API_KEY;
  if (!apiKey) throw new UsageError('no API key: pass --api-key KEY or set LOOPLY_API_KEY');
  const baseUrl = values['base-url'] || env.LOOPLY_BASE_URL;
  // The client's own log lines would add to the one line an error gets: off unless LOOPLY_LOG asks.
  return new LooplyClient({ apiKey, ...(baseUrl && { baseUrl }), logLevel: env.LOOPLY_LOG || 'off' });
}

const oneLine = (text) => String(text).replace(/\s*\n\s*/g, ' ');

/** An SDK error as its one line: class, status, message, request id. */
function errorLine(e) {
  const status = e.status ? ` ${e.status}` : '';
  const requestId = e.requestId ? ` (request id ${e.requestId})` : '';
  return `${e.name}${status}: ${oneLine(e.message)}${requestId}`;
}

/** Says why `command` failed on stderr; returns the exit code. */
function failed(e, command, out) {
  if (e instanceof UsageError || e instanceof ValidationError) {
    out.error(`looply ${command.name}: ${oneLine(e.message)}\n\n${commandUsage(command)}`);
    return USAGE_ERROR;
  }
  if (e instanceof Failure) out.error(oneLine(e.message));
  else if (e instanceof LooplyError) out.error(errorLine(e));
  else out.error(`${e?.name ?? 'Error'}: ${oneLine(e?.message ?? e)}`);
  return e instanceof WaitTimeoutError ? TIMED_OUT : API_ERROR;
}

/**
 * Runs `looply` with `argv` (without `node` and the script); resolves to the exit code.
 * `io`: `{ stdout, stderr, env, cwd }`, the process's by default.
 */
export async function main(argv, io = {}) {
  const { stdout = process.stdout, stderr = process.stderr, env = process.env, cwd = process.cwd() } = io;
  const found = findCommand(argv);
  const secrets = [found.apiKey, env.LOOPLY_API_KEY];
  const plain = new Output({ stdout, stderr, secrets });
  const command = COMMANDS.find((c) => c.name === found.name);
  const rest = argv.filter((_, i) => i !== found.index);
  if (!command) {
    if (found.name === undefined && rest.some((a) => a === '--help' || a === '-h')) {
      plain.print(mainUsage(COMMANDS));
      return 0;
    }
    const why = found.name === undefined ? 'no command given' : `unknown command '${found.name}'`;
    plain.error(`looply: ${why}\n\n${mainUsage(COMMANDS)}`);
    return USAGE_ERROR;
  }
  let out = plain;
  try {
    const { values, args } = parseCommand(command, rest);
    if (values.help) {
      plain.print(commandUsage(command));
      return 0;
    }
    out = new Output({ stdout, stderr, json: values.json, secrets });
    let client;
    const ctx = {
      values,
      args,
      out,
      cwd,
      get client() {
        client ??= makeClient(values, env);
        return client;
      },
    };
    return (await command.run(ctx)) ?? 0;
  } catch (e) {
    return failed(e, command, out);
  }
}
