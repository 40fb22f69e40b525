import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptModelError } from './corrupt-model-error.js';
import { MetadataNotFoundError } from './metadata-not-found-error.js';
import { METADATA_FILE } from './model-files.js';
import { METADATA_FORMAT_VERSION, type ModelMetadata } from './model-metadata.js';

const REQUIRED_FIELDS: Record<string, string> = {
  architecture: 'string',
  parameters: 'number',
  dataset: 'object',
  hyperparameters: 'object',
  seed: 'number',
  history: 'object',
  backend: 'object',
  versions: 'object',
  trainSeconds: 'number',
  createdAt: 'string',
};

/**
 * Reads and checks `<dir>/metadata.json`.
 * @throws MetadataNotFoundError when the file does not exist; CorruptModelError when it is not valid JSON,
 * has another `formatVersion` or lacks a required field.
 */
export async function readMetadata(dir: string): Promise<ModelMetadata> {
  const path = join(dir, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MetadataNotFoundError(
        path,
        `Expected training metadata at ${path}, but the file does not exist. Models saved by saveModel() have it; ` +
          'models saved with fileSystemIO() alone do not. Re-save the model with saveModel(model, dir, metadata).',
        { cause: error },
      );
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorruptModelError(path, `Expected JSON in ${path}, but it does not parse (${(error as Error).message}). Re-save the model.`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorruptModelError(path, `Expected a JSON object in ${path}, found ${Array.isArray(value) ? 'an array' : String(value)}. Re-save the model.`);
  }
  const record = value as Record<string, unknown>;
  if (record.formatVersion !== METADATA_FORMAT_VERSION) {
    throw new CorruptModelError(
      path,
      `Expected formatVersion ${METADATA_FORMAT_VERSION} in ${path}, found ${JSON.stringify(record.formatVersion)}. ` +
        'Use a version of @mnist/train that reads this format, or re-save the model.',
    );
  }
  for (const [field, type] of Object.entries(REQUIRED_FIELDS)) {
    const actual = record[field] === null ? 'null' : typeof record[field];
    if (actual !== type) {
      throw new CorruptModelError(path, `Expected field "${field}" of type ${type} in ${path}, found ${actual}. Re-save the model.`);
    }
  }
  return record as ModelMetadata;
}
