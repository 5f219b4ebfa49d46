// The local server in a process of its own, for the scripts that measure a client's CPU or
// time (bench.mjs, profile.mjs, ab-cpu.mjs): the server's work then stays out of the client
// process's `process.cpuUsage()`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'looply-server.mjs');

/**
 * Starts the server on a free port of 127.0.0.1 with its command-line `args` (`--executions`,
 * …) and answers `{ child, baseUrl, apiKey }` once it listens; `who` names the caller in the
 * error of a server that did not start. Stop it with `child.kill()`.
 */
export async function startServerProcess(who, args = []) {
  const child = spawn(process.execPath, [serverFile, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  const origin = /http:\/\/127\.0\.0\.1:\d+/.exec(String(line))?.[0];
  if (!origin) {
    child.kill();
    throw new Error(`${who}: the server did not start: ${line}`);
  }
  return { child, baseUrl: `${origin}/v1`, apiKey: 'looply-demo-key' };
}
