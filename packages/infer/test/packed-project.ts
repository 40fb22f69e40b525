import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PACKAGE_DIR, requireBuild } from './require-build.js';

const require = createRequire(import.meta.url);
/** The installed copy of a dependency (so the temporary project needs no network for tfjs). */
const localCopy = (name: string) => realpathSync(dirname(require.resolve(`${name}/package.json`)));

/** The TensorFlow.js packages an app installs with @mnist/infer (its dependencies and peers). */
const TFJS_PACKAGES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'];

/**
 * A fresh project in a temporary directory with the packed @mnist/infer tarball installed by npm,
 * as an app developer would (`npm pack`, then `npm install` of the .tgz). Returns its directory.
 */
export function createPackedProject(prefix: string): { dir: string; tarball: string } {
  requireBuild();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PACKAGE_DIR, stdio: 'pipe' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no .tgz into ${dir}`);
  const dependencies: Record<string, string> = { '@mnist/infer': `file:./${tarball}` };
  for (const name of TFJS_PACKAGES) dependencies[name] = `file:${localCopy(name)}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `${prefix}app`, private: true, type: 'module', dependencies }));
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    stdio: 'pipe',
  });
  return { dir, tarball: join(dir, tarball) };
}
