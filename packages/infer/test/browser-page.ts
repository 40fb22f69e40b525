import { startStaticServer } from '@mnist/test-utils';

/** Serves `dir` on a free loopback port; `url` ends with `/`. */
export async function serveDirectory(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await startStaticServer(dir);
  return { url: `${server.origin}/`, close: () => server.close() };
}
