import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeFixtureDataset } from './make-fixture-dataset';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Bundles the root entry for browsers; esbuild fails on any Node built-in import. */
async function bundleRootEntry() {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'MnistData',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

describe('root entry is browser-safe', () => {
  it('bundles for the browser without Node built-ins and only fflate from node_modules', async () => {
    const { inputs } = await bundleRootEntry();
    const external = inputs.filter((path) => path.includes('node_modules'));
    expect(external.length).toBeGreaterThan(0);
    for (const path of external) expect(path).toMatch(/node_modules[\\/](\.pnpm[\\/])?fflate/);
    expect(inputs.some((path) => path.includes('src/node'))).toBe(false);
  });

  it('loads and works in a context where fs, require, process and Buffer do not exist', async () => {
    const { code } = await bundleRootEntry();
    const fixture = makeFixtureDataset({ train: 4, test: 2 });
    const served = Object.fromEntries(Object.entries(fixture.files).map(([name, bytes]) => [`/data/${name}.gz`, gzipSync(bytes)]));
    const context = createContext({
      // What a browser offers: Web Crypto, fetch/Response, TextEncoder, timers. Nothing from Node.
      crypto: globalThis.crypto,
      TextEncoder,
      TextDecoder,
      Response,
      setTimeout,
      clearTimeout,
      fetch: async (url: string) => {
        const body = served[url];
        return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('', { status: 404 });
      },
      info: fixture.info,
    });
    runInContext(code, context);
    expect(runInContext('[typeof require, typeof process, typeof Buffer, typeof fs]', context)).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
    const parsed = runInContext('MnistData.parseIdx(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 5, 6])).data.join(",")', context);
    expect(parsed).toBe('5,6');
    const loaded = await runInContext('MnistData.loadMnist({ baseUrl: "/data/", datasetInfo: info }).then((d) => [d.train.count, d.test.count, d.rows])', context);
    expect(Array.from(loaded as number[])).toEqual([4, 2, 28]);
    const checksumFailure = await runInContext(
      'MnistData.loadMnist({ baseUrl: "/data/", datasetInfo: { ...info, sha256: { ...info.sha256, "train-labels-idx1-ubyte": "0".repeat(64) } } }).catch((e) => e instanceof MnistData.ChecksumError)',
      context,
    );
    expect(checksumFailure).toBe(true);
  });
});
