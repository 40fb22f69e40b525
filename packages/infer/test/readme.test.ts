import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_MODEL_MANIFEST } from '../src/index.js';
import { launchChromium } from '@mnist/test-utils/chromium';
import { serveDirectory } from './browser-page.js';
import { createPackedProject } from './packed-project.js';
import { PACKAGE_DIR } from './require-build.js';

/**
 * Every README code block whose info string is `js runnable:<where>` runs as written: `esm` and
 * `cjs` in Node against the installed tarball, `vite` as the page of a Vite app in Chromium. What it
 * prints must match the `// comment` after each `console.log(...);`.
 */
type Where = 'esm' | 'cjs' | 'vite';
interface Block {
  where: Where;
  code: string;
  line: number;
  expected: string[];
}

const README = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };

function runnableBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const fence = /^```js runnable:(esm|cjs|vite)\n([\s\S]*?)^```$/gm;
  for (let match = fence.exec(markdown); match !== null; match = fence.exec(markdown)) {
    const code = match[2]!;
    const expected = [...code.matchAll(/console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1]!.trim());
    blocks.push({ where: match[1] as Where, code, line: markdown.slice(0, match.index).split('\n').length, expected });
  }
  return blocks;
}

const blocks = runnableBlocks(README);
let project: string;
let server: { url: string; close: () => Promise<void> } | undefined;
let browser: Browser | undefined;

beforeAll(() => {
  ({ dir: project } = createPackedProject('infer-readme-'));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function runInVite(code: string, index: number): Promise<string[]> {
  const root = join(project, `vite-${index}`);
  execFileSync('mkdir', ['-p', root]);
  writeFileSync(join(root, 'index.html'), '<!doctype html><link rel="icon" href="data:,"><script type="module" src="./main.js"></script>');
  writeFileSync(join(root, 'main.js'), `${code}\nwindow.done = true;\n`);
  const outDir = join(root, 'dist');
  await build({ root, base: './', logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  await server?.close();
  const served = await serveDirectory(outDir);
  server = served;
  browser ??= await launchChromium();
  const page = await browser.newPage();
  const logs: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => (message.type() === 'error' ? errors : logs).push(message.text()));
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(served.url);
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true || false, undefined, { timeout: 60_000 });
  } finally {
    await page.close();
  }
  expect(errors).toEqual([]);
  return logs;
}

describe('README', () => {
  it('has runnable blocks for Node ESM, Node CommonJS and a Vite app', () => {
    expect(new Set(blocks.map((b) => b.where))).toEqual(new Set(['esm', 'cjs', 'vite']));
  });

  blocks.forEach((block, index) => {
    it(`block at line ${block.line} runs as written (${block.where}) and prints what its comments say`, async () => {
      let lines: string[];
      if (block.where === 'vite') lines = await runInVite(block.code, index);
      else {
        const file = join(project, `readme-${index}.${block.where === 'esm' ? 'mjs' : 'cjs'}`);
        writeFileSync(file, block.code);
        lines = execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }).trim().split('\n');
      }
      expect(lines.map((l) => l.trim())).toEqual(block.expected);
    });
  });

  it('states the versions and numbers of the shipped package and model', () => {
    const m = BUNDLED_MODEL_MANIFEST;
    expect(README).toContain(`@mnist/infer@${PACKAGE.version}`);
    expect(README).toContain(`ships model ${m.modelVersion}`);
    expect(README).toContain(`${((m.metrics.testAccuracy ?? 0) * 100).toFixed(2)}% on the 10,000 MNIST test images`);
    expect(README).toContain(`${m.parameters.toLocaleString('en-US')} parameters`);
    expect(README).toContain(`model ${m.file?.bytes.toLocaleString('en-US')} bytes`);
    // Fences balance: a stray one would swallow the sections after it.
    expect((README.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});
