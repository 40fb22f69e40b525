import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackedProject } from './packed-project.js';

const require = createRequire(import.meta.url);
const TSC = require.resolve('typescript/bin/tsc');

/** A Node program using the package as the README shows, plus inputs that must not type-check. */
const PROGRAM = `
import { loadRecognizer, preprocess, type ImageInput, type PixelData } from '@mnist/infer';

const pixels: PixelData = { data: new Uint8Array(784), width: 28, height: 28 };
const input: ImageInput = pixels;
preprocess(input);
const recognizer = await loadRecognizer();
const result = await recognizer.classify(pixels);
const digit: number | null = result.digit;
export { digit };
// @ts-expect-error a string is not an image
await recognizer.classify('hello');
// @ts-expect-error neither is a plain number array without width and height
preprocess([0, 1, 2]);
`;

let project: string;

/** Runs tsc in `dir` and returns its diagnostics (empty when it compiles). */
function typecheck(dir: string): string {
  try {
    execFileSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

function writeTsProject(name: string, compilerOptions: object): string {
  const dir = join(project, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2022'], types: [], ...compilerOptions },
      files: ['main.mts'],
    }),
  );
  writeFileSync(join(dir, 'main.mts'), PROGRAM);
  return dir;
}

beforeAll(() => {
  ({ dir: project } = createPackedProject('infer-types-'));
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the published types in a Node TypeScript project without the DOM lib', () => {
  it("compile: no error in @mnist/infer's .d.ts (TensorFlow.js' own declarations aside)", () => {
    const out = typecheck(writeTsProject('strict-libs', { skipLibCheck: false }));
    const ours = out.split('\n').filter((line) => line.includes('@mnist/infer') || line.includes('main.mts'));
    expect(ours).toEqual([]);
  });

  it('keep ImageInput strict with skipLibCheck: classify("hello") is a type error', () => {
    // The @ts-expect-error lines fail the build ("Unused '@ts-expect-error'") if ImageInput became any.
    expect(typecheck(writeTsProject('skip-lib-check', { skipLibCheck: true }))).toBe('');
  });
});
