import type { Recognizer } from '@mnist/infer';
import { expectedCalibrationError, type ScoredAnswer, type ThresholdRow, thresholdTable } from './calibration-metrics.js';
import type { RobustnessSuite } from './robustness-suites.js';

/** Images per classifyBatch call (bounded memory, progress between calls). */
const CHUNK = 500;

export interface SuiteResult {
  name: string;
  description: string;
  count: number;
  accuracy: number;
  /** Expected calibration error, 15 equal-width bins, in [0, 1]. */
  ece: number;
  meanConfidence: number;
  thresholds: ThresholdRow[];
}

/** Reads every image of `suite` through the public API and scores accuracy and calibration. */
export async function scoreSuite(recognizer: Recognizer, suite: RobustnessSuite): Promise<{ result: SuiteResult; answers: ScoredAnswer[] }> {
  const answers: ScoredAnswer[] = [];
  for (let start = 0; start < suite.images.length; start += CHUNK) {
    const results = await recognizer.classifyBatch(suite.images.slice(start, start + CHUNK));
    results.forEach((r, k) => {
      answers.push({ confidence: r.digit === null ? 0 : r.confidence, correct: r.digit === suite.labels[start + k] });
    });
  }
  const right = answers.filter((a) => a.correct).length;
  return {
    answers,
    result: {
      name: suite.name,
      description: suite.description,
      count: answers.length,
      accuracy: answers.length ? right / answers.length : 0,
      ece: expectedCalibrationError(answers),
      meanConfidence: answers.reduce((s, a) => s + a.confidence, 0) / Math.max(1, answers.length),
      thresholds: thresholdTable(answers),
    },
  };
}

export interface RobustnessReport {
  suites: SuiteResult[];
  /** Threshold table over every non-clean suite's answers pooled. */
  pooledThresholds: ThresholdRow[];
}

/** Scores every suite; `onSuite` is called after each (progress). */
export async function evaluateRobustness(
  recognizer: Recognizer,
  suites: readonly RobustnessSuite[],
  onSuite?: (result: SuiteResult) => void,
): Promise<RobustnessReport> {
  const results: SuiteResult[] = [];
  const pooled: ScoredAnswer[] = [];
  for (const suite of suites) {
    const { result, answers } = await scoreSuite(recognizer, suite);
    results.push(result);
    if (suite.name !== 'clean') pooled.push(...answers);
    onSuite?.(result);
  }
  return { suites: results, pooledThresholds: thresholdTable(pooled) };
}

/** Release targets of the suites: accuracy at least this (fraction), and ECE at most `maxEce`. */
export const SUITE_TARGETS: Record<string, { minAccuracy: number; maxEce: number }> = {
  clean: { minAccuracy: 0.996, maxEce: 0.01 },
  'broken-strokes': { minAccuracy: 0.96, maxEce: 0.02 },
  combined: { minAccuracy: 0.96, maxEce: 0.02 },
};
const DEFAULT_TARGET = { minAccuracy: 0.98, maxEce: 0.02 };

export function targetOf(name: string): { minAccuracy: number; maxEce: number } {
  return SUITE_TARGETS[name] ?? DEFAULT_TARGET;
}

const pct = (v: number, digits = 2) => `${(v * 100).toFixed(digits)}%`;

/** Markdown table: suite, what it does, accuracy, ECE, mean confidence, target met. */
export function suiteTableMarkdown(report: RobustnessReport): string {
  const lines = ['| suite | what it does | accuracy | ECE | mean confidence | target (accuracy / ECE) |', '| --- | --- | ---: | ---: | ---: | --- |'];
  for (const s of report.suites) {
    const t = targetOf(s.name);
    const met = s.accuracy >= t.minAccuracy && s.ece <= t.maxEce;
    lines.push(
      `| ${s.name} | ${s.description} | ${pct(s.accuracy)} | ${pct(s.ece)} | ${s.meanConfidence.toFixed(3)} | ≥ ${pct(t.minAccuracy, 1)} / ≤ ${pct(t.maxEce, 1)}: ${met ? 'met' : '**not met**'} |`,
    );
  }
  return lines.join('\n');
}

/** Markdown threshold table: for MNIST test (the clean suite) and for all suites pooled. */
export function thresholdTableMarkdown(report: RobustnessReport): string {
  const clean = report.suites.find((s) => s.name === 'clean');
  const lines = [
    '| confidence ≥ | MNIST test: answered | MNIST test: accuracy | suites pooled: answered | suites pooled: accuracy |',
    '| ---: | ---: | ---: | ---: | ---: |',
  ];
  report.pooledThresholds.forEach((row, i) => {
    const c = clean?.thresholds[i];
    lines.push(
      `| ${row.threshold} | ${c ? pct(c.answered) : '—'} | ${c ? pct(c.accuracy) : '—'} | ${pct(row.answered)} | ${pct(row.accuracy)} |`,
    );
  });
  return lines.join('\n');
}
