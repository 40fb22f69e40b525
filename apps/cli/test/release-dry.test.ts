import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts', 'release-dry.mjs');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mnist-release-dry-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What `changeset version` would change in the real tree: the changesets and every package.json. */
async function releaseState(): Promise<string> {
  const hash = createHash('sha256');
  const changesets = (await readdir(join(REPO, '.changeset'))).sort();
  hash.update(changesets.join('\n'));
  for (const group of ['packages', 'apps']) {
    for (const name of (await readdir(join(REPO, group))).sort()) {
      hash.update(await readFile(join(REPO, group, name, 'package.json')).catch(() => Buffer.alloc(0)));
    }
  }
  return hash.digest('hex');
}

describe('pnpm release:dry', () => {
  it('shows the versions, tarball files and CHANGELOG entries a release would publish, touching nothing', async () => {
    // A changeset of our own, so the test does not depend on which changesets are pending in the tree.
    const extra = join(dir, 'extra.md');
    await writeFile(extra, '---\n"@mnist/infer": patch\n---\n\nRelease-dry test entry: a model card for the bundled model.\n');
    const before = await releaseState();
    const r = await runScript(['--add-changeset', extra]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Would publish:');
    expect(r.stdout).toMatch(/@mnist\/infer\s+\d+\.\d+\.\d+ -> \d+\.\d+\.\d+/);
    expect(r.stdout).toContain('pnpm publish -r --dry-run --no-git-checks (exit 0)');
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const infer = result.packages.find((p: { name: string }) => p.name === '@mnist/infer');
    expect(infer).toBeDefined();
    expect(infer.files).toContain('package.json');
    expect(infer.files).toContain('README.md');
    expect(infer.changelog).toMatch(new RegExp(`^## ${infer.to.replace(/\./g, '\\.')}`));
    expect(infer.changelog).toContain('- Release-dry test entry: a model card for the bundled model.');
    expect(result.packages.map((p: { name: string }) => p.name)).not.toContain('@mnist/demo'); // private
    expect(await releaseState()).toBe(before);
  });

  it('rejects an unknown flag with exit code 2', async () => {
    const r = await runScript(['--publish-for-real']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unexpected argument --publish-for-real');
  });
});
