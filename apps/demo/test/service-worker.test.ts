import { describe, expect, it } from 'vitest';
import { CACHE_PREFIX, serviceWorker } from '../scripts/service-worker.mjs';

function precacheOf(source: string): string[] {
  const match = /const PRECACHE = (\[[\s\S]*?\]);/.exec(source);
  if (!match) throw new Error('Expected a PRECACHE list in the generated worker, found none.');
  return JSON.parse(match[1]!) as string[];
}

describe('scripts/service-worker.mjs', () => {
  it('precaches the build except itself and the threaded wasm that the page never loads', () => {
    const worker = serviceWorker([
      'index.html',
      'assets/index-abc.js',
      'assets/tfjs-backend-wasm-simd-x.wasm',
      'assets/tfjs-backend-wasm-threaded-simd-y.wasm',
      'sw.js',
    ]);
    expect(worker.fileName).toBe('sw.js');
    expect(precacheOf(worker.source)).toEqual(['./', './assets/index-abc.js', './assets/tfjs-backend-wasm-simd-x.wasm', './index.html']);
    expect(worker.source).toContain(`const CACHE = "${CACHE_PREFIX}${worker.version}"`);
  });

  it('names a new cache when the files change, so old copies are dropped', () => {
    const before = serviceWorker(['index.html', 'assets/index-abc.js']);
    const same = serviceWorker(['assets/index-abc.js', 'index.html']);
    const after = serviceWorker(['index.html', 'assets/index-def.js']);
    expect(same.version).toBe(before.version);
    expect(after.version).not.toBe(before.version);
  });

  it('is valid JavaScript', () => {
    const { source } = serviceWorker(['index.html']);
    expect(() => new Function('self', 'caches', 'fetch', source)).not.toThrow();
  });
});
