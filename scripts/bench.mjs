#!/usr/bin/env node
// Runs the `bench` script of every workspace package that has one, shows
// their output as it comes, and ends with one combined table and one JSON
// line holding every package's results.
// Usage: pnpm bench [-- --only <package>] [-- <flags passed to each bench>]
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args.splice(onlyIndex, 2)[1] : undefined;

const packages = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) {
    const file = join(root, group, name, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.scripts?.bench && (!only || pkg.name === only || name === only)) packages.push({ name: pkg.name, dir: join(root, group, name) });
  }
}

function run(pkg) {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['run', '--silent', 'bench', ...(args.length ? ['--', ...args] : [])], { cwd: pkg.dir, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

const results = {};
let failures = 0;
for (const pkg of packages) {
  console.log(`\n── ${pkg.name} ──`);
  const { code, out } = await run(pkg);
  if (code !== 0) failures += 1;
  const json = out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('{') && line.endsWith('}'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
  results[pkg.name] = { exitCode: code, results: json };
}

console.log('\n── summary ──');
console.log('package'.padEnd(20) + 'exit'.padEnd(6) + 'results');
for (const [name, r] of Object.entries(results)) console.log(name.padEnd(20) + String(r.exitCode).padEnd(6) + r.results.length);
console.log(JSON.stringify({ bench: 'mnist', date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, packages: results }));
process.exit(failures ? 1 : 0);
