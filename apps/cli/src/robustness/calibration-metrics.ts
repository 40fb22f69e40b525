/** Equal-width confidence bins of the expected calibration error (the common choice, Guo et al. 2017). */
export const ECE_BINS = 15;
/** Thresholds of the "confidence threshold -> share answered -> accuracy" table. */
export const THRESHOLDS = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99] as const;

/** One answer: the top confidence and whether the digit was right (no digit counts as wrong, confidence 0). */
export interface ScoredAnswer {
  confidence: number;
  correct: boolean;
}

/**
 * Expected calibration error: answers in `bins` equal-width confidence bins; the count-weighted mean
 * of |accuracy - mean confidence| per bin. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(answers: readonly ScoredAnswer[], bins = ECE_BINS): number {
  if (answers.length === 0) return 0;
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  for (const a of answers) {
    const b = Math.min(bins - 1, Math.floor(a.confidence * bins));
    count[b]! += 1;
    confidence[b]! += a.confidence;
    if (a.correct) correct[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) ece += Math.abs(correct[b]! - confidence[b]!);
  return ece / answers.length;
}

export interface ThresholdRow {
  threshold: number;
  /** Share of inputs answered (confidence >= threshold). */
  answered: number;
  /** Accuracy of the answered ones (1 when none is answered). */
  accuracy: number;
}

/** For each threshold: which share of inputs is answered, and how accurate those answers are. */
export function thresholdTable(answers: readonly ScoredAnswer[], thresholds: readonly number[] = THRESHOLDS): ThresholdRow[] {
  return thresholds.map((threshold) => {
    let answered = 0;
    let right = 0;
    for (const a of answers) {
      if (a.confidence >= threshold && (threshold > 0 || a.confidence > 0)) {
        answered++;
        if (a.correct) right++;
      }
    }
    return { threshold, answered: answers.length ? answered / answers.length : 0, accuracy: answered ? right / answered : 1 };
  });
}

/** Smallest probability whose logarithm is taken. */
const MIN_PROBABILITY = 1e-30;
/** Search range of the temperature (log scale) and the golden-section iterations (ample for 4 digits). */
const MIN_TEMPERATURE = 0.05;
const MAX_TEMPERATURE = 20;
const SEARCH_STEPS = 60;

/** Mean negative log-likelihood of `labels` under softmax(log p / T), for rows of `classes` probabilities. */
export function temperatureNll(probabilities: Float32Array, labels: ArrayLike<number>, classes: number, temperature: number): number {
  const count = labels.length;
  let total = 0;
  const logs = new Float64Array(classes);
  for (let n = 0; n < count; n++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) {
      logs[k] = Math.log(Math.max(MIN_PROBABILITY, probabilities[n * classes + k]!)) / temperature;
      if (logs[k]! > max) max = logs[k]!;
    }
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += Math.exp(logs[k]! - max);
    total += max + Math.log(sum) - logs[labels[n]!]!;
  }
  return total / Math.max(1, count);
}

/**
 * Temperature scaling (Guo et al. 2017): the T minimising the negative log-likelihood of the labels
 * on held-out images, found by golden-section search on log T (the NLL is convex in 1/T).
 */
export function fitTemperature(probabilities: Float32Array, labels: ArrayLike<number>, classes: number): number {
  let lo = Math.log(MIN_TEMPERATURE);
  let hi = Math.log(MAX_TEMPERATURE);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = temperatureNll(probabilities, labels, classes, Math.exp(a));
  let fb = temperatureNll(probabilities, labels, classes, Math.exp(b));
  for (let i = 0; i < SEARCH_STEPS; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = temperatureNll(probabilities, labels, classes, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = temperatureNll(probabilities, labels, classes, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
