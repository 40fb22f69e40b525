/** Precision, recall, F1 and support of one class. */
export interface ClassMetrics {
  label: number;
  className: string;
  /** True positives / predicted positives; 0 when the class was never predicted. */
  precision: number;
  /** True positives / support; 0 when the class has no examples. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** Number of examples whose true label is this class. */
  support: number;
}

/**
 * Per-class precision, recall, F1 and support from a confusion matrix indexed `[true][predicted]`.
 * `classNames[i]` names class i (defaults to the label as a string).
 */
export function perClassMetrics(confusionMatrix: readonly (readonly number[])[], classNames: readonly string[] = []): ClassMetrics[] {
  const classes = confusionMatrix.length;
  return confusionMatrix.map((row, label) => {
    const truePositives = row[label] ?? 0;
    const support = row.reduce((total, n) => total + n, 0);
    let predicted = 0;
    for (let t = 0; t < classes; t++) predicted += confusionMatrix[t]?.[label] ?? 0;
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, className: classNames[label] ?? String(label), precision, recall, f1, support };
  });
}
