// The command line's grammar: the options every command takes, one command's parse (node:util
// parseArgs, strict: an unknown flag is a usage error), its usage text, and the values the
// commands share (a version, a count, a duration, a JSON payload).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** A mistake in the command line: exit 2, with the command's usage on stderr. */
export class UsageError extends Error {
  name = 'UsageError';
}

/** A failure that is no SDK error (a workflow missing from the list): exit 1, its message the line. */
export class Failure extends Error {
  name = 'Failure';
}

/** What every command takes. No default is shown in the help that could be the key. */
export const COMMON = {
  'api-key': { type: 'string', help: 'KEY', doc: 'the API key (default: $LOOPLY_API_KEY; never printed)' },
  'base-url': {
    type: 'string',
    help: 'URL',
    doc: 'the API base URL (default: $LOOPLY_BASE_URL, else https://api.looply.io/v1)',
  },
  json: { type: 'boolean', doc: 'machine-readable output on stdout' },
  help: { type: 'boolean', short: 'h', doc: 'this help' },
};

/** The option descriptions as parseArgs takes them (it refuses a `short` or `multiple` that is undefined). */
const parseable = (options) =>
  Object.fromEntries(
    Object.entries(options).map(([name, { type, short, multiple }]) => [
      name,
      { type, ...(short && { short }), ...(multiple && { multiple }) },
    ]),
  );

/**
 * The command's name (the first word that is not an option nor a common option's value), its
 * index, and the `--api-key` given, if any (to be hidden from all output from the start).
 */
export function findCommand(argv) {
  const { tokens } = parseArgs({
    args: argv,
    options: parseable(COMMON),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const first = tokens.find((t) => t.kind === 'positional');
  const apiKey = tokens.findLast((t) => t.kind === 'option' && t.name === 'api-key')?.value;
  return { name: first?.value, index: first ? first.index : -1, apiKey };
}

/**
 * `argv` (without the command's name) read by `command`'s options and the common ones:
 * `{ values, args }`, `args` by the names of its positionals. Throws UsageError.
 */
export function parseCommand(command, argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: parseable({ ...COMMON, ...command.options }),
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    // parseArgs' own words name the flag ("Unknown option '--x'", "Option '--limit <value>' argument missing").
    throw new UsageError(e.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { values, args: {} };
  const names = command.args ?? [];
  const required = names.filter((n) => !n.endsWith('?'));
  if (positionals.length < required.length) throw new UsageError(`missing ${required[positionals.length]}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'`);
  const args = Object.fromEntries(positionals.map((v, i) => [names[i].replace(/\?$/, ''), v]));
  return { values, args };
}

/** One option's line of a usage text. */
function optionLine(name, o) {
  const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.help ? ` ${o.help}` : ''}`;
  return `  ${flag.padEnd(24)} ${o.doc}`;
}

/** The usage text of `command`. */
export function commandUsage(command) {
  const own = Object.entries(command.options ?? {});
  return [
    `usage: looply ${command.synopsis}`,
    '',
    command.summary,
    ...(command.details ? ['', ...command.details] : []),
    '',
    'options:',
    ...own.map(([name, o]) => optionLine(name, o)),
    ...Object.entries(COMMON).map(([name, o]) => optionLine(name, o)),
  ].join('\n');
}

/** The usage text of `looply` itself: the commands, the common options, the exit codes. */
export function mainUsage(commands) {
  return [
    'usage: looply <command> [options]',
    '',
    'The Looply Workflow API from a shell. `looply <command> --help` for a command.',
    '',
    'commands:',
    ...commands.flatMap((c) => [`  looply ${c.synopsis}`, `      ${c.summary}`]),
    '',
    'options of every command:',
    ...Object.entries(COMMON).map(([name, o]) => optionLine(name, o)),
    '',
    'exit codes: 0 success, 1 an API or network error, 2 a usage error,',
    '            3 a --wait or watch that timed out, or an execution it waited for that ended failed',
  ].join('\n');
}

/** A whole number ≥ 1 given as `--name`, or undefined when absent. */
export function count(values, name) {
  const text = values[name];
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw new UsageError(`--${name} must be a whole number from 1, not '${text}'`);
  return Number(text);
}

/** `--name SECONDS` (decimals allowed, more than 0) in whole milliseconds, or undefined when absent. */
export function seconds(values, name) {
  const text = values[name];
  if (text === undefined) return undefined;
  const s = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(s > 0)) throw new UsageError(`--${name} must be a number of seconds above 0, not '${text}'`);
  return Math.max(1, Math.round(s * 1000));
}

/** `--payload`, for the commands that send one. */
export const PAYLOAD = {
  type: 'string',
  help: 'JSON|@FILE',
  doc: 'the payload: a JSON object, or @FILE to read it from a file',
};

/** `--payload JSON` or `--payload @FILE` (relative to `cwd`): a JSON object, or undefined when absent. */
export async function payload(values, cwd) {
  const text = values.payload;
  if (text === undefined) return undefined;
  let json = text;
  let where = '--payload';
  if (text.startsWith('@')) {
    const file = resolve(cwd, text.slice(1));
    where = `--payload ${text}`;
    try {
      json = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`${where}: cannot read ${file} (${e.code ?? e.message})`);
    }
  }
  let value;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new UsageError(`${where} is not valid JSON: ${e.message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${where} must be a JSON object`);
  return value;
}
