import { readFile } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/** A server on a free loopback port. `close()` drops open connections (stalled responses too). */
export interface LoopbackServer {
  server: Server;
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 on a port the system picks: tests never collide, nothing leaves the machine. */
export async function startLoopbackServer(handler: RequestListener): Promise<LoopbackServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    server,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves the files under `dir` (GET only; `/` and folders serve index.html; 404 otherwise). */
export function startStaticServer(dir: string): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://loopback').pathname);
    const relative = normalize(pathname).replace(/^([/\\]|\.\.[/\\])+/, '');
    const path = join(dir, relative.endsWith('/') || relative === '' ? join(relative, 'index.html') : relative);
    readFile(path).then(
      (body) => response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
}
