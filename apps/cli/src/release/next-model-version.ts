import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A changeset bump. */
export type Bump = 'patch' | 'minor' | 'major';

const BUMP_RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

/** `version` after a semver `bump`, as `changeset version` computes it (pre-release tags are dropped). */
export function bumpVersion(version: string, bump: Bump): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`Expected a semver version like 1.2.3, found ${JSON.stringify(version)}.`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The largest bump any pending changeset in `changesetDir` declares for `packageName` (undefined: none). */
export async function pendingBump(changesetDir: string, packageName: string): Promise<Bump | undefined> {
  let names: string[];
  try {
    names = (await readdir(changesetDir)).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md');
  } catch {
    return undefined;
  }
  let best: Bump | undefined;
  for (const name of names) {
    const text = await readFile(join(changesetDir, name), 'utf8');
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    for (const line of front.split(/\r?\n/)) {
      const match = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
      if (match && match[1] === packageName) {
        const bump = match[2] as Bump;
        if (best === undefined || BUMP_RANK[bump] > BUMP_RANK[best]) best = bump;
      }
    }
  }
  return best;
}

/**
 * The version of @mnist/infer that will ship a model released now: the current version bumped by the
 * largest of `bump` and the bumps already pending in `changesetDir` (what `changeset version` will do).
 */
export async function nextModelVersion(currentVersion: string, bump: Bump, changesetDir: string, packageName: string): Promise<string> {
  const pending = await pendingBump(changesetDir, packageName);
  const effective = pending !== undefined && BUMP_RANK[pending] > BUMP_RANK[bump] ? pending : bump;
  return bumpVersion(currentVersion, effective);
}
