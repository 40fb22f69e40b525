import type * as tf from '@tensorflow/tfjs';

/** Width of the summary table, in characters (as in Keras). */
export const SUMMARY_LINE_LENGTH = 65;
/** Column stops of the summary table: layer (type), output shape, param #. */
const COLUMN_STOPS = [29, 55, SUMMARY_LINE_LENGTH] as const;

function formatShape(shape: tf.Shape | tf.Shape[]): string {
  const one = (s: tf.Shape): string => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  return Array.isArray(shape[0]) ? (shape as tf.Shape[]).map(one).join(', ') : one(shape as tf.Shape);
}

function row(cells: readonly string[]): string {
  let line = '';
  cells.forEach((cell, i) => {
    const width = (COLUMN_STOPS[i] ?? SUMMARY_LINE_LENGTH) - line.length;
    // keep at least one space between columns even when a cell overflows
    line += cell.length >= width ? `${cell} ` : cell.padEnd(width);
  });
  return line.trimEnd();
}

function countWeights(weights: readonly tf.LayerVariable[]): number {
  return weights.reduce((total, w) => total + w.shape.reduce<number>((product, dim) => product * (dim ?? 0), 1), 0);
}

/** Formats a count with thousands separators, as Keras does (`1,199,882`). */
function thousands(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A Keras-like summary table of the model, as a string: one row per layer with its name and class,
 * output shape and parameter count, then total, trainable and non-trainable parameter counts.
 * Creates no tensors.
 */
export function summary(model: tf.LayersModel): string {
  const rule = '_'.repeat(SUMMARY_LINE_LENGTH);
  const double = '='.repeat(SUMMARY_LINE_LENGTH);
  const lines = [`Model: "${model.name}"`, rule, row([' Layer (type)', 'Output Shape', 'Param #']), double];
  model.layers.forEach((layer, i) => {
    lines.push(row([` ${layer.name} (${layer.getClassName()})`, formatShape(layer.outputShape), thousands(layer.countParams())]));
    lines.push(i === model.layers.length - 1 ? double : '');
  });
  if (model.layers.length === 0) lines.push(double);
  const trainable = countWeights(model.trainableWeights);
  const nonTrainable = countWeights(model.nonTrainableWeights);
  lines.push(`Total params: ${thousands(trainable + nonTrainable)}`);
  lines.push(`Trainable params: ${thousands(trainable)}`);
  lines.push(`Non-trainable params: ${thousands(nonTrainable)}`);
  lines.push(rule);
  return lines.join('\n');
}
