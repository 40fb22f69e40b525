import { formatCount, formatPercent, formatTable } from './format-table.js';

/** The parts of @mnist/train's `EvaluationResult` that `formatEvaluation` prints. */
export interface EvaluationLike {
  loss: number;
  accuracy: number;
  count: number;
  perClass: { label: number; className: string; precision: number; recall: number; f1: number; support: number }[];
  confusionMatrix: number[][];
}

/** Per-class precision/recall/F1/support as a text table. */
export function formatPerClassTable(result: EvaluationLike): string {
  return formatTable(
    ['class', 'precision', 'recall', 'f1', 'support'],
    result.perClass.map((c) => [c.className, c.precision.toFixed(4), c.recall.toFixed(4), c.f1.toFixed(4), formatCount(c.support)]),
    ['left', 'right', 'right', 'right', 'right'],
  );
}

/** The confusion matrix as a text grid: rows are true classes, columns predicted classes. */
export function formatConfusionMatrix(matrix: number[][], classNames: readonly string[]): string {
  const labels = classNames.map((n) => (n.length > 6 ? n.slice(0, 6) : n));
  const width = Math.max(4, ...matrix.flat().map((n) => String(n).length), ...labels.map((l) => l.length));
  const rowLabel = Math.max(4, ...labels.map((l) => l.length));
  const lines = [`${'true'.padEnd(rowLabel)} ${labels.map((l) => l.padStart(width)).join(' ')}   (columns: predicted)`];
  matrix.forEach((row, i) => {
    lines.push(`${(labels[i] ?? String(i)).padEnd(rowLabel)} ${row.map((n) => String(n).padStart(width)).join(' ')}`);
  });
  return lines.join('\n');
}

/** The whole `mnist evaluate` text output after the header: totals, per-class table, confusion matrix. */
export function formatEvaluation(result: EvaluationLike): string {
  const correct = Math.round(result.accuracy * result.count);
  return [
    `Accuracy: ${formatPercent(result.accuracy)} (${formatCount(correct)}/${formatCount(result.count)})   Loss: ${result.loss.toFixed(4)}`,
    '',
    formatPerClassTable(result),
    '',
    'Confusion matrix:',
    formatConfusionMatrix(
      result.confusionMatrix,
      result.perClass.map((c) => c.className),
    ),
    '',
  ].join('\n');
}
