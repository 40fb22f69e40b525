import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_PIXELS_PER_IMAGE, readMnistTestSet } from '@mnist/test-utils';
import { PACKAGE_DIR, requireBuild } from './require-build.js';

const require = createRequire(import.meta.url);
/** The installed copy of a dependency (so the temporary project needs no network for tfjs). */
const localCopy = (name: string) => realpathSync(dirname(require.resolve(`${name}/package.json`)));

const { images, labels } = readMnistTestSet();
const DIGIT_INDEX = 0;
let project: string;

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
  requireBuild();
  project = mkdtempSync(join(tmpdir(), 'infer-tarball-'));
  execFileSync('npm', ['pack', '--pack-destination', project, '--silent'], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no .tgz into ${project}`);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'infer-tarball-check',
      private: true,
      dependencies: {
        '@mnist/infer': `file:./${tarball}`,
        '@tensorflow/tfjs': `file:${localCopy('@tensorflow/tfjs')}`,
        '@tensorflow/tfjs-backend-wasm': `file:${localCopy('@tensorflow/tfjs-backend-wasm')}`,
      },
    }),
  );
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    stdio: 'pipe',
  });
  const digit = Array.from(images.subarray(DIGIT_INDEX * MNIST_PIXELS_PER_IMAGE, (DIGIT_INDEX + 1) * MNIST_PIXELS_PER_IMAGE));
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
