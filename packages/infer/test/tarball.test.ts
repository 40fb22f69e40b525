import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_PIXELS_PER_IMAGE as PIXELS_PER_IMAGE, readMnistTestSet as loadMnistTestSet } from '@mnist/test-utils';
import { createPackedProject } from './packed-project.js';
import { PACKAGE_DIR } from './require-build.js';

const { images, labels } = loadMnistTestSet();
const DIGIT_INDEX = 0;
let project: string;
let tarball: string;

const classifyScript = (load: string) => `
${load}
const { data, label } = JSON.parse(readFileSync('digit.json', 'utf8'));
(async () => {
  const recognizer = await loadRecognizer();
  const result = await recognizer.classify({ data: Uint8Array.from(data), width: 28, height: 28 });
  recognizer.dispose();
  console.log(JSON.stringify({ digit: result.digit, label, backend: recognizer.backend }));
})();
`;

beforeAll(() => {
  ({ dir: project, tarball } = createPackedProject('infer-tarball-'));
  const digit = Array.from(images.subarray(DIGIT_INDEX * PIXELS_PER_IMAGE, (DIGIT_INDEX + 1) * PIXELS_PER_IMAGE));
  writeFileSync(join(project, 'digit.json'), JSON.stringify({ data: digit, label: labels[DIGIT_INDEX] }));
  writeFileSync(
    join(project, 'esm.mjs'),
    classifyScript("import { readFileSync } from 'node:fs';\nimport { loadRecognizer } from '@mnist/infer';"),
  );
  writeFileSync(
    join(project, 'cjs.cjs'),
    classifyScript("const { readFileSync } = require('node:fs');\nconst { loadRecognizer } = require('@mnist/infer');"),
  );
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the npm tarball installed into a fresh project', () => {
  for (const file of ['esm.mjs', 'cjs.cjs']) {
    it(`classifies a digit from ${file.endsWith('.mjs') ? 'ESM (import)' : 'CommonJS (require)'}`, () => {
      const out = execFileSync('node', [file], { cwd: project, encoding: 'utf8' });
      const result = JSON.parse(out.trim().split('\n').pop()!) as { digit: number; label: number; backend: string };
      expect(result.digit).toBe(result.label);
      expect(['tensorflow', 'wasm']).toContain(result.backend);
    });
  }
});

describe('the npm tarball', () => {
  it('holds the model once, no source map that embeds it, and every file package.json lists', () => {
    const entries = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(entries.filter((e) => e.endsWith('.bin'))).toEqual(['package/dist/model/default-model.bin']);
    const installed = join(project, 'node_modules/@mnist/infer');
    const model = readFileSync(join(installed, 'dist/model/default-model.bin'));
    const weightsSample = model.subarray(model.length - 64).toString('base64');
    for (const entry of entries.filter((e) => /\.(js|cjs|map|ts|cts)$/.test(e))) {
      const text = readFileSync(join(installed, entry.slice('package/'.length)), 'utf8');
      expect(text, entry).not.toContain('"class_name"');
      expect(text, entry).not.toContain(weightsSample.slice(0, 40));
    }
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { files: string[] };
    for (const file of pkg.files) expect(existsSync(join(installed, file)), file).toBe(true);
  });
});
