#!/usr/bin/env node
// `pnpm release:dry`: shows what a release would publish, without touching this working tree.
//
// 1. Copies the repository (git-tracked files plus untracked, not-ignored ones: the current working
//    changes) into a scratch directory, with each package's built dist/ (run `pnpm build` first, or
//    pass --build to build in the copy).
// 2. Installs dependencies there from the pnpm store (`pnpm install --offline --frozen-lockfile`,
//    about a second; falls back to linking this tree's node_modules when that fails).
// 3. Runs `changeset version` and `pnpm publish -r --dry-run --no-git-checks` in the copy.
// 4. Prints every package that would be published: old -> new version, the tarball's files, and the
//    CHANGELOG entry `changeset version` generated; then one JSON line with the same data.
//
// Usage: node scripts/release-dry.mjs [--build] [--keep] [--json] [--add-changeset <file.md>]...
//   --build  build the packages in the copy instead of copying dist/ from this tree
//   --add-changeset <file.md>  also apply this changeset (preview one before adding it to .changeset/)
//   --keep   keep the scratch directory and print its path
//   --json   print only the JSON line
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACE_DIRS = ['packages', 'apps'];
/** Directories never copied when the tree is not a git checkout (as .gitignore says: anywhere, or at the root only). */
const NOT_SOURCE = new Set(['node_modules', 'dist', '.turbo', '.git', 'coverage', '.cache']);
const NOT_SOURCE_AT_ROOT = new Set(['models', 'runs', 'reports', 'bench-results']);

const USAGE = 'Usage: node scripts/release-dry.mjs [--build] [--keep] [--json] [--add-changeset <file.md>]...';
const args = new Set();
const extraChangesets = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = /** @type {string} */ (argv[i]);
  if (a === '--add-changeset' && argv[i + 1] !== undefined) extraChangesets.push(resolve(/** @type {string} */ (argv[++i])));
  else if (['--build', '--keep', '--json', '--help', '-h'].includes(a)) args.add(a);
  else {
    console.error(`release-dry: unexpected argument ${a}. ${USAGE}`);
    process.exit(2);
  }
}
if (args.has('--help') || args.has('-h')) {
  console.log(USAGE);
  process.exit(0);
}
for (const file of extraChangesets) {
  if (!existsSync(file)) {
    console.error(`release-dry: --add-changeset expects an existing changeset file, but ${file} does not exist.`);
    process.exit(2);
  }
}
const jsonOnly = args.has('--json');
const say = (line = '') => {
  if (!jsonOnly) console.log(line);
};

/**
 * @param {string} cmd
 * @param {string[]} argv
 * @param {string} cwd
 * @param {{ allowFail?: boolean }} [options]
 */
function run(cmd, argv, cwd, { allowFail = false } = {}) {
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', FORCE_COLOR: '0' } });
  if (r.status !== 0 && !allowFail) {
    throw new Error(`Expected \`${cmd} ${argv.join(' ')}\` to succeed in ${cwd}, but it exited with ${r.status ?? r.signal}:\n${r.stderr || r.stdout}`);
  }
  return r;
}

/** Files of the working tree that a commit would contain: tracked (as they are now) plus untracked, not ignored. */
function sourceFiles() {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\0').filter((f) => f && existsSync(join(ROOT, f)) && statSync(join(ROOT, f)).isFile());
  } catch {
    /** @type {string[]} */
    const files = [];
    const walk = (/** @type {string} */ rel) => {
      for (const entry of readdirSync(join(ROOT, rel), { withFileTypes: true })) {
        if (NOT_SOURCE.has(entry.name) || (rel === '' && NOT_SOURCE_AT_ROOT.has(entry.name))) continue;
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) files.push(path);
      }
    };
    walk('');
    return files;
  }
}

/**
 * @param {string} root
 * @returns {{ dir: string, manifest: Record<string, any> }[]}
 */
function workspacePackages(root) {
  const out = [];
  for (const group of WORKSPACE_DIRS) {
    if (!existsSync(join(root, group))) continue;
    for (const name of readdirSync(join(root, group)).sort()) {
      const file = join(root, group, name, 'package.json');
      if (existsSync(file)) out.push({ dir: `${group}/${name}`, manifest: JSON.parse(readFileSync(file, 'utf8')) });
    }
  }
  return out;
}

/** The section of a generated CHANGELOG.md for `version` (from its `## version` heading to the next one). */
/**
 * @param {string} text
 * @param {string} version
 */
function changelogEntry(text, version) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `## ${version}`);
  if (start < 0) return '';
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  return lines.slice(start, end).join('\n').trim();
}

const scratch = mkdtempSync(join(tmpdir(), 'mnist-release-dry-'));
try {
  const files = sourceFiles();
  for (const file of files) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(ROOT, file), join(scratch, file));
  }
  say(`Copied ${files.length} files of the working tree to a scratch directory.`);

  const install = run('pnpm', ['install', '--offline', '--frozen-lockfile'], scratch, { allowFail: true });
  let installMode = 'pnpm install --offline --frozen-lockfile';
  if (install.status !== 0) {
    installMode = "linked this tree's node_modules (offline install failed)";
    if (existsSync(join(ROOT, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    for (const { dir } of workspacePackages(ROOT)) {
      if (existsSync(join(ROOT, dir, 'node_modules'))) symlinkSync(join(ROOT, dir, 'node_modules'), join(scratch, dir, 'node_modules'), 'dir');
    }
  }
  say(`Dependencies: ${installMode}.`);

  const before = workspacePackages(scratch);
  const missingDist = [];
  if (args.has('--build')) {
    run('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only'], scratch);
    say('Built every package in the copy.');
  } else {
    for (const { dir, manifest } of before) {
      if (manifest.private) continue;
      if (existsSync(join(ROOT, dir, 'dist'))) cpSync(join(ROOT, dir, 'dist'), join(scratch, dir, 'dist'), { recursive: true });
      else missingDist.push(manifest.name);
    }
    if (missingDist.length > 0) say(`Warning: no dist/ for ${missingDist.join(', ')}; run \`pnpm build\` first (or pass --build).`);
  }

  extraChangesets.forEach((file, i) => {
    mkdirSync(join(scratch, '.changeset'), { recursive: true });
    cpSync(file, join(scratch, '.changeset', `release-dry-extra-${i}.md`));
  });
  const pending = existsSync(join(scratch, '.changeset'))
    ? readdirSync(join(scratch, '.changeset')).filter((n) => n.endsWith('.md') && n.toLowerCase() !== 'readme.md')
    : [];
  say(`Pending changesets: ${pending.length}.`);
  run('pnpm', ['exec', 'changeset', 'version'], scratch);

  const packages = [];
  for (const { dir, manifest } of before) {
    if (manifest.private) continue;
    const after = JSON.parse(readFileSync(join(scratch, dir, 'package.json'), 'utf8'));
    if (after.version === manifest.version) continue;
    const packed = JSON.parse(run('pnpm', ['pack', '--dry-run', '--json'], join(scratch, dir)).stdout);
    const tarballFiles = packed.files.map((/** @type {{ path: string }} */ f) => f.path).sort();
    const bytes = tarballFiles.reduce((/** @type {number} */ n, /** @type {string} */ f) => n + (existsSync(join(scratch, dir, f)) ? statSync(join(scratch, dir, f)).size : 0), 0);
    const changelogPath = join(scratch, dir, 'CHANGELOG.md');
    const changelog = existsSync(changelogPath) ? changelogEntry(readFileSync(changelogPath, 'utf8'), after.version) : '';
    packages.push({ name: after.name, from: manifest.version, to: after.version, dir, files: tarballFiles, unpackedBytes: bytes, changelog });
  }

  const publish = run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], scratch, { allowFail: true });
  const publishOutput = `${publish.stdout}${publish.stderr}`.trim();

  say('');
  say('Would publish:');
  const width = Math.max(7, ...packages.map((p) => p.name.length));
  say(`  ${'package'.padEnd(width)}  ${'version'.padEnd(17)}  files  unpacked`);
  for (const p of packages) {
    say(`  ${p.name.padEnd(width)}  ${`${p.from} -> ${p.to}`.padEnd(17)}  ${String(p.files.length).padStart(5)}  ${(p.unpackedBytes / 1024).toFixed(1).padStart(6)} KiB`);
  }
  for (const p of packages) {
    say('');
    say(`=== ${p.name}@${p.to} (${p.dir}) ===`);
    say('Tarball contents:');
    for (const f of p.files) say(`  ${f}`);
    say('CHANGELOG.md entry:');
    say(p.changelog ? p.changelog.replace(/^/gm, '  ') : '  (none)');
  }
  say('');
  say(`pnpm publish -r --dry-run --no-git-checks (exit ${publish.status}):`);
  say(publishOutput.replace(/^/gm, '  '));
  if (args.has('--keep')) say(`\nScratch copy kept at ${scratch}`);
  console.log(
    JSON.stringify({
      install: installMode,
      pendingChangesets: pending.length,
      packages,
      publishDryRun: { exitCode: publish.status, output: publishOutput },
      ...(missingDist.length > 0 ? { missingDist } : {}),
      ...(args.has('--keep') ? { scratch } : {}),
    }),
  );
  if (publish.status !== 0) process.exitCode = 1;
} catch (error) {
  console.error(`release-dry: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (!args.has('--keep')) rmSync(scratch, { recursive: true, force: true });
}
