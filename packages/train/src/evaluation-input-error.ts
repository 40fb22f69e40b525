/** Thrown by `evaluate` when the split does not fit the model (sizes, labels, batch size). */
export class EvaluationInputError extends Error {
  override name = 'EvaluationInputError';
}
