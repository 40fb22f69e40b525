import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpVersion, nextModelVersion, pendingBump } from './next-model-version.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'next-model-version-'));
  await writeFile(join(dir, 'a.md'), '---\n"@mnist/infer": minor\n"@mnist/data": major\n---\n\nA.\n');
  await writeFile(join(dir, 'b.md'), "---\n'@mnist/infer': patch\n---\n\nB.\n");
  await writeFile(join(dir, 'README.md'), '---\n"@mnist/infer": major\n---\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('bumpVersion', () => {
  it('bumps like semver and drops pre-release tags', () => {
    expect(bumpVersion('0.0.0', 'minor')).toBe('0.1.0');
    expect(bumpVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(bumpVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(bumpVersion('1.4.2-beta.1', 'minor')).toBe('1.5.0');
    expect(() => bumpVersion('latest', 'minor')).toThrow(/semver/);
  });
});

describe('pendingBump / nextModelVersion', () => {
  it('takes the largest pending bump of the package, ignoring README.md and other packages', async () => {
    expect(await pendingBump(dir, '@mnist/infer')).toBe('minor');
    expect(await pendingBump(dir, '@mnist/data')).toBe('major');
    expect(await pendingBump(dir, '@mnist/train')).toBeUndefined();
    expect(await pendingBump(join(dir, 'missing'), '@mnist/infer')).toBeUndefined();
  });

  it('is the version `changeset version` will give the package', async () => {
    expect(await nextModelVersion('1.4.0', 'minor', dir, '@mnist/infer')).toBe('1.5.0');
    expect(await nextModelVersion('1.4.0', 'major', dir, '@mnist/infer')).toBe('2.0.0');
    expect(await nextModelVersion('1.4.0', 'minor', dir, '@mnist/data')).toBe('2.0.0');
  });
});
