/** Accuracy of predictions against labels, overall and per digit. */
export interface AccuracyReport {
  /** Predictions made so far (entries of `predicted` that are not undefined). */
  evaluated: number;
  correct: number;
  /** correct / evaluated, or NaN before any prediction. */
  accuracy: number;
  perClass: { digit: number; correct: number; total: number; accuracy: number }[];
  /** Positions (into labels) whose prediction differs from the label. A null prediction counts as wrong. */
  misclassified: number[];
}

export const DIGIT_CLASSES = 10;

/**
 * Scores `predicted[i]` against `labels[i]`; `undefined` entries are not yet
 * predicted and are skipped, `null` (no digit found) counts as a mistake.
 */
export function accuracyReport(labels: ArrayLike<number>, predicted: ReadonlyArray<number | null | undefined>): AccuracyReport {
  if (predicted.length !== labels.length) {
    throw new RangeError(`Expected one prediction slot per label (${labels.length}), found ${predicted.length}.`);
  }
  const perClass = Array.from({ length: DIGIT_CLASSES }, (_, digit) => ({ digit, correct: 0, total: 0, accuracy: Number.NaN }));
  const misclassified: number[] = [];
  let evaluated = 0;
  let correct = 0;
  for (let i = 0; i < labels.length; i += 1) {
    const guess = predicted[i];
    if (guess === undefined) continue;
    const label = labels[i]!;
    const row = perClass[label];
    if (!row) throw new RangeError(`Expected labels 0 to ${DIGIT_CLASSES - 1}, found ${label} at position ${i}.`);
    evaluated += 1;
    row.total += 1;
    if (guess === label) {
      correct += 1;
      row.correct += 1;
    } else {
      misclassified.push(i);
    }
  }
  for (const row of perClass) row.accuracy = row.total > 0 ? row.correct / row.total : Number.NaN;
  return { evaluated, correct, accuracy: evaluated > 0 ? correct / evaluated : Number.NaN, perClass, misclassified };
}
