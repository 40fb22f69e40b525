#!/usr/bin/env node
// The search bench (`pnpm bench -- --tune`): the same small search, random vs TPE sampling, both with
// ASHA pruning, each for a fixed wall-clock budget; prints the best validation accuracy reached by
// each point in time, a table and one JSON line.
// Flags: --minutes <per sampler, default 4> --limit <training images, default 4000> --epochs <default 2>
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@mnist/data/node';
import { tune } from '../dist/index.js';

const args = process.argv.slice(2);
const flag = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const minutes = flag('minutes', 4);
const limit = flag('limit', 4000);
const epochs = flag('epochs', 2);
const seed = flag('seed', 42);
const model = 'cnn-fast';

const data = await loadMnist({ dataset: 'mnist' });
const root = await mkdtemp(join(tmpdir(), 'tune-bench-'));
/** @typedef {{ seconds: number, best: number, trial: number }} TimelinePoint when the best validation accuracy so far changed */
/** @typedef {{ trials: number, completed: number, pruned: number, best: number | null, seconds: number, timeline: TimelinePoint[] }} SamplerRun */
// Filled by the loop below, one entry per sampler.
const runs = /** @type {Record<'random' | 'tpe', SamplerRun>} */ ({});
try {
  for (const sampler of /** @type {const} */ (['random', 'tpe'])) {
    const start = performance.now();
    /** @type {TimelinePoint[]} */
    const timeline = [];
    let last = -1;
    process.stdout.write(`${sampler}: ${model}, ${limit} images (10% validation), ${epochs} epochs per trial, ASHA, ${minutes} min\n`);
    const study = await tune({
      studyDir: join(root, sampler),
      data,
      model,
      sampler,
      pruner: 'asha',
      epochs,
      limit,
      seed,
      trials: 1000,
      timeMinutes: minutes,
      evaluateBest: false,
      onEvent: (event) => {
        if (event.type !== 'trial-end') return;
        const seconds = (performance.now() - start) / 1000;
        const best = event.best?.value ?? Number.NaN;
        if (best !== last) {
          timeline.push({ seconds, best, trial: event.trial });
          last = best;
        }
        process.stdout.write(`  ${seconds.toFixed(0).padStart(4)} s trial ${String(event.trial).padStart(3)} ${event.state.padEnd(8)} ${((event.value ?? Number.NaN) * 100).toFixed(2)}%  best ${(best * 100).toFixed(2)}%\n`);
      },
    });
    runs[sampler] = { trials: study.trials.length, completed: study.completed, pruned: study.pruned, best: study.best?.value ?? null, seconds: (performance.now() - start) / 1000, timeline };
  }
} finally {
  await rm(root, { recursive: true, force: true });
}

const bestAt = (/** @type {SamplerRun} */ run, /** @type {number} */ seconds) => {
  let best = Number.NaN;
  for (const point of run.timeline) if (point.seconds <= seconds) best = point.best;
  return best;
};
// Every minute until the last trial ended (trials started before the budget ran out finish).
const lastSecond = Math.max(runs.random.seconds, runs.tpe.seconds);
const marks = Array.from({ length: Math.ceil(lastSecond / 60) }, (_, i) => (i + 1) * 60);
const pct = (/** @type {number} */ v) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : '—');
console.log('\n| elapsed | random: best validation accuracy | tpe: best validation accuracy |');
console.log('| --- | --- | --- |');
for (const s of marks) console.log(`| ${s / 60} min | ${pct(bestAt(runs.random, s))} | ${pct(bestAt(runs.tpe, s))} |`);
console.log(`| trials (complete / pruned) | ${runs.random.trials} (${runs.random.completed} / ${runs.random.pruned}) | ${runs.tpe.trials} (${runs.tpe.completed} / ${runs.tpe.pruned}) |`);
console.log(JSON.stringify({ bench: 'tune-samplers', model, limit, epochs, minutesPerSampler: minutes, seed, runs }));
