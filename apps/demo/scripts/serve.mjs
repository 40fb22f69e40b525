// A small static server for the demo's build (dist/): loopback only, correct
// MIME types (including application/wasm, which WebAssembly streaming needs),
// no directory listings, no path escapes.
//
// Usage: node scripts/serve.mjs [dir]      (PORT=8080 to choose the port)

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
/** @import { Server } from 'node:http' */
/** @import { AddressInfo } from 'node:net' */
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4173;
/** How many ports after the default to try when it is taken. */
const PORT_ATTEMPTS = 20;

/** @type {Record<string, string>} */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** @param {string} path */
export function contentTypeFor(path) {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @param {string} root
 * @param {string} urlPath
 * @returns {Promise<{ path: string, size: number } | null>}
 */
async function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  try {
    const info = await stat(candidate);
    if (info.isFile()) return { path: candidate, size: info.size };
    if (info.isDirectory()) {
      const index = join(candidate, 'index.html');
      const indexInfo = await stat(index);
      if (indexInfo.isFile()) return { path: index, size: indexInfo.size };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * @param {Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<void>}
 */
function listen(server, port, host) {
  return new Promise((resolvePromise, reject) => {
    /** @param {Error} error */
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePromise();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * @typedef {object} RunningServer
 * @property {string} url
 * @property {number} port
 * @property {() => Promise<void>} close
 */

/**
 * Serves `root` over HTTP. With `port` undefined it tries DEFAULT_PORT and the
 * next few; `port: 0` lets the system choose. Resolves once listening.
 * @param {{ root: string, port?: number | undefined, host?: string, log?: boolean }} options
 * @returns {Promise<RunningServer>}
 */
export async function startServer({ root, port, host = DEFAULT_HOST, log = false }) {
  const rootDir = resolve(root);
  const rootInfo = await stat(rootDir).catch(() => null);
  if (!rootInfo?.isDirectory()) {
    throw new Error(`Expected a built demo in ${rootDir}, found nothing there. Run \`pnpm --filter @mnist/demo build\` first.`);
  }
  const server = createServer(async (request, response) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('Method not allowed: this server only serves files (GET, HEAD).\n');
      return;
    }
    // Prefixing (rather than resolving against a base) keeps a path like //x a path, not a host.
    const urlPath = new URL(`http://localhost${request.url ?? '/'}`).pathname;
    const file = await resolveFile(rootDir, urlPath);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`Not found: ${urlPath}\n`);
      if (log) console.log(`404 ${urlPath}`);
      return;
    }
    response.writeHead(200, {
      'content-type': contentTypeFor(file.path),
      'content-length': file.size,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file.path).pipe(response);
  });

  if (port === undefined) {
    let lastError;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
      try {
        await listen(server, DEFAULT_PORT + attempt, host);
        lastError = undefined;
        break;
      } catch (error) {
        if (/** @type {NodeJS.ErrnoException} */ (error)?.code !== 'EADDRINUSE') throw error;
        lastError = error;
      }
    }
    if (lastError) await listen(server, 0, host);
  } else {
    await listen(server, port, host);
  }

  const address = /** @type {AddressInfo} */ (server.address());
  const url = `http://${host}:${address.port}/`;
  return {
    url,
    port: address.port,
    close: () => new Promise((resolveClose) => server.close(() => resolveClose(undefined))),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url));
  const requested = process.env.PORT;
  const port = requested === undefined || requested === '' ? undefined : Number(requested);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    console.error(`Expected PORT to be an integer from 0 to 65535, found "${requested}".`);
    process.exit(1);
  }
  try {
    const { url } = await startServer({ root, port, log: true });
    console.log(`MNIST demo running at ${url}  (Ctrl+C to stop)`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
