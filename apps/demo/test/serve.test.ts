import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../scripts/serve.mjs';

describe('scripts/serve.mjs', () => {
  let root: string;
  let server: RunningServer;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'demo-serve-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(root, 'assets', 'x.wasm'), new Uint8Array([0, 97, 115, 109]));
    writeFileSync(join(root, 'assets', 'x.js'), 'export {}');
    server = await startServer({ root, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on loopback and serves index.html for /', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<title>t</title>');
    // A path starting with // stays a path (not a host) and still resolves inside the root.
    expect((await fetch(`${server.url}/index.html`)).status).toBe(200);
  });

  it('sends wasm as application/wasm and scripts as JavaScript', async () => {
    const wasm = await fetch(new URL('assets/x.wasm', server.url));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    const js = await fetch(new URL('assets/x.js', server.url));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files and for paths escaping the root', async () => {
    expect((await fetch(new URL('nope.js', server.url))).status).toBe(404);
    expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(new URL('assets', server.url))).status).toBe(404);
  });

  it('refuses a missing root with a message that says how to build it', async () => {
    await expect(startServer({ root: join(root, 'missing'), port: 0 })).rejects.toThrow(/pnpm --filter @mnist\/demo build/);
  });
});
