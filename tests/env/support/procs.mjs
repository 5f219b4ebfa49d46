// Child processes for the environment matrix: one-shot commands with a hard timeout, and
// long-running services (workerd) that are stopped in `stopAll()` even when a test fails.
// Every child is started in its own process group (detached) and killed by that group's id,
// so a tool that forks helpers cannot leave them behind.
import { spawn } from 'node:child_process';
import net from 'node:net';

const live = new Set();

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Stops `child` (SIGTERM, then SIGKILL after `graceMs`); resolves once it has exited. */
export function stop(child, graceMs = 2000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    killGroup(child, 'SIGTERM');
  });
}

/** Stops every child still running (call from `after()`). */
export async function stopAll() {
  await Promise.all([...live].map((child) => stop(child)));
}

/**
 * Starts `cmd args` and returns `{ child, exited, output() }` at once. The child is tracked until it
 * exits; `output()` is its stdout + stderr so far (for failure messages).
 */
export function startService(cmd, args, { cwd, env } = {}) {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    // stdin stays open: a service that watches it ends when this process dies.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise((resolve) => {
    child.once('error', (err) => {
      out += `\n[spawn error] ${err.message}`;
    });
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  return { child, exited, output: () => out };
}

/**
 * Runs `cmd args` to completion (killed after `timeoutMs`) and resolves
 * `{ code, signal, stdout, stderr, ms, timedOut, describe() }`; never rejects.
 */
export async function run(cmd, args, { cwd, env, timeoutMs = 45_000 } = {}) {
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    stop(child, 1000);
  }, timeoutMs);
  const { code, signal } = await new Promise((resolve) => {
    child.once('error', (err) => {
      stderr += `\n[spawn error] ${err.message}`;
    });
    child.once('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  live.delete(child);
  const ms = Math.round(performance.now() - t0);
  const describe = () =>
    [
      `$ ${[cmd, ...args].join(' ')}   (cwd ${cwd})`,
      `exit ${code}${signal ? ` signal ${signal}` : ''}${timedOut ? ` TIMED OUT after ${timeoutMs} ms` : ''} in ${ms} ms`,
      `--- stdout ---\n${stdout.trimEnd()}`,
      `--- stderr ---\n${stderr.trimEnd()}`,
    ].join('\n');
  return { code, signal, stdout, stderr, ms, timedOut, describe };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** An error that makes `pollUntil` give up at once (e.g. the awaited process exited). */
export function fatal(message) {
  return Object.assign(new Error(message), { fatal: true });
}

/**
 * Polls `fn` (async; a truthy result ends the wait) every `everyMs` until `timeoutMs`.
 * Errors thrown by `fn` are retried, except `fatal()` ones.
 */
export async function pollUntil(fn, { timeoutMs = 15_000, everyMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      if (err.fatal) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
