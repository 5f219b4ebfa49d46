// Static file serving for the demo page and the built package.
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpError, decodeComponent, notFound } from './http-util.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/**
 * Normalizes `[{ prefix, dir, headers? }]`: absolute dirs, prefixes ending in '/', longest prefix
 * first. `headers` (e.g. a Content-Security-Policy) are added to every file served from the mount.
 */
export function staticMounts(entries = []) {
  return entries
    .map(({ prefix, dir, headers = {} }) => {
      if (
        headers === null ||
        typeof headers !== 'object' ||
        Object.values(headers).some((v) => typeof v !== 'string')
      ) {
        throw new TypeError('static headers must be an object of strings');
      }
      return { prefix: prefix.endsWith('/') ? prefix : `${prefix}/`, dir: path.resolve(dir), headers: { ...headers } };
    })
    .sort((a, b) => b.prefix.length - a.prefix.length);
}

export const findMount = (mounts, urlPath) => mounts.find((m) => urlPath.startsWith(m.prefix));

/** The file a URL path names inside the mount's dir, or a 404 when it would leave it. */
async function resolveFile(mount, urlPath) {
  const relative = decodeComponent(urlPath.slice(mount.prefix.length), 'path');
  if (relative.includes('\0')) throw notFound();
  const root = await realpath(mount.dir).catch(() => {
    throw notFound();
  });
  let file = path.resolve(root, `.${path.sep}${relative}`);
  if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
  const real = await realpath(file).catch(() => null);
  if (!real || !(real === root || real.startsWith(root + path.sep))) throw notFound();
  return real;
}

/** Answers a GET/HEAD under a static mount with the file, or an error response. */
export async function serveStatic(mount, method, urlPath) {
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'Method Not Allowed', { allow: 'GET, HEAD' });
  const file = await resolveFile(mount, urlPath);
  const body = await readFile(file).catch(() => {
    throw notFound();
  });
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { status: 200, headers: { 'content-type': type, 'cache-control': 'no-store', ...mount.headers }, body };
}
