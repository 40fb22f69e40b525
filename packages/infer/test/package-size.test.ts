import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_MANIFEST } from '../src/index.js';

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Budget for @mnist/infer's own code, minified + gzipped, tfjs excluded (the model is a separate file). */
const CODE_BUDGET_BYTES = 15 * 1024;
/** Budget for the bundled model file (topology + weights, as shipped). */
const MODEL_BUDGET_BYTES = 250 * 1024;

describe('package size', () => {
  it('keeps its own code within 15 KB min+gzip (tfjs excluded), with no model inside', async () => {
    const result = await build({
      entryPoints: [join(PACKAGE_DIR, 'src/index.ts')],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      external: ['@tensorflow/*'],
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const gzipped = gzipSync(code, { level: 9 }).length;
    console.log(`@mnist/infer code: ${code.length} bytes minified, ${gzipped} bytes min+gzip`);
    expect(gzipped).toBeGreaterThan(1000);
    const text = new TextDecoder().decode(code);
    expect(text).not.toContain('"class_name"');
    expect(text).toContain('default-model.bin');
    expect(gzipped).toBeLessThanOrEqual(CODE_BUDGET_BYTES);
  });

  it('ships a model of at most 250 KB', () => {
    const fileBytes = statSync(join(PACKAGE_DIR, 'src/model/default-model.bin')).size;
    console.log(`bundled model: ${BUNDLED_MODEL_MANIFEST.weights.bytes} weight bytes, file ${fileBytes} bytes`);
    expect(BUNDLED_MODEL_MANIFEST.weights.bytes).toBeGreaterThan(0);
    expect(fileBytes).toBe(BUNDLED_MODEL_MANIFEST.file?.bytes);
    expect(fileBytes).toBeLessThanOrEqual(MODEL_BUDGET_BYTES);
  });
});
