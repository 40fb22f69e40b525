/**
 * How a model's probabilities are made honest, as fitted by `mnist calibrate` on images held out
 * from training and carried by the model (metadata.json, the bundled manifest).
 */
export interface Calibration {
  /** Temperature scaling: probabilities become softmax(log p / temperature). */
  method: 'temperature';
  /** Above 1 softens overconfident answers, below 1 sharpens underconfident ones. */
  temperature: number;
}

/** Smallest probability whose logarithm is taken (float32 softmax can underflow to 0). */
const MIN_PROBABILITY = 1e-30;

/**
 * Reads a calibration from untrusted JSON (metadata.json, a manifest); undefined when absent or not
 * a finite positive temperature.
 */
export function parseCalibration(value: unknown): Calibration | undefined {
  const c = value as { method?: unknown; temperature?: unknown } | null | undefined;
  if (typeof c !== 'object' || c === null || c.method !== 'temperature') return undefined;
  const t = c.temperature;
  return typeof t === 'number' && Number.isFinite(t) && t > 0 ? { method: 'temperature', temperature: t } : undefined;
}

/**
 * Applies temperature scaling in place to `count` rows of `classes` probabilities: each row becomes
 * softmax(log p / T), the same as dividing the network's logits by T. T = 1 leaves rows unchanged.
 */
export function applyCalibration(probabilities: Float32Array, count: number, classes: number, calibration: Calibration | undefined): void {
  if (calibration === undefined || calibration.temperature === 1) return;
  const inverse = 1 / calibration.temperature;
  const logs = new Float64Array(classes);
  for (let n = 0; n < count; n++) {
    const base = n * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) {
      logs[k] = Math.log(Math.max(MIN_PROBABILITY, probabilities[base + k]!)) * inverse;
      if (logs[k]! > max) max = logs[k]!;
    }
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      logs[k] = Math.exp(logs[k]! - max);
      sum += logs[k]!;
    }
    for (let k = 0; k < classes; k++) probabilities[base + k] = logs[k]! / sum;
  }
}
