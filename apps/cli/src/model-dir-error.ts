/** The path given as a model directory is not one: missing, a file, or without `model.json`. */
export class ModelDirError extends Error {
  override name = 'ModelDirError';
  constructor(
    readonly dir: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
