import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CorruptCheckpointError } from './errors/index.js';
import type { History } from './history.js';
import { writeFileAtomic } from './io/index.js';
import type { ResolvedTrainOptions } from './train-options.js';

export const CHECKPOINT_FORMAT = 'mnist-train-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;
/** The commit point of a checkpoint: written last, atomically, naming the weights file it belongs to. */
export const CHECKPOINT_FILE = 'checkpoint.json';
const WEIGHTS_FILE_PATTERN = /^weights-\d+\.bin$/;

/** The options a checkpoint records (everything in `ResolvedTrainOptions` that is not about where files go). */
export type CheckpointOptions = Omit<ResolvedTrainOptions, 'outDir' | 'checkpointDir' | 'overwrite' | 'resume' | 'keepCheckpoint'>;

/** Options a resumed run must share with its checkpoint: they fix the weights' shapes and the data order. */
export const RESUME_MUST_MATCH = ['model', 'modelOptions', 'dataset', 'seed', 'batchSize', 'limit', 'validationSplit'] as const;

export interface CheckpointTensorSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Byte offset in the weights file. */
  offset: number;
}

/** Contents of `checkpoint.json`. */
export interface CheckpointInfo {
  format: typeof CHECKPOINT_FORMAT;
  formatVersion: typeof CHECKPOINT_FORMAT_VERSION;
  createdAt: string;
  /** Completed epochs. */
  epoch: number;
  /** Batches already done in epoch `epoch + 1` (0 at an epoch boundary). */
  batch: number;
  /** Optimizer steps done in total (the learning-rate schedule position). */
  step: number;
  /** Running sums of the partly done epoch, so its mean loss/acc come out as if never interrupted. */
  epochProgress: { lossSum: number; accSum: number; images: number };
  /** Seconds of training so far. */
  trainSeconds: number;
  options: CheckpointOptions;
  history: History;
  weightsFile: string;
  weightsBytes: number;
  weightsSha256: string;
  modelWeights: CheckpointTensorSpec[];
  optimizerWeights: CheckpointTensorSpec[];
}

/** What the training loop hands to `writeCheckpoint` besides the tensors. */
export type CheckpointState = Pick<
  CheckpointInfo,
  'epoch' | 'batch' | 'step' | 'epochProgress' | 'trainSeconds' | 'options' | 'history'
>;

/**
 * Optimizer variables that `getWeights()` leaves out. Adam's bias-correction powers are recomputed by
 * `setWeights()` as `beta^(t+1)`, which rounds differently from the running product Adam keeps; saving
 * them makes a resumed run bit-identical to an uninterrupted one.
 */
const EXTRA_OPTIMIZER_VARIABLES = ['accBeta1', 'accBeta2'] as const;
const EXTRA_PREFIX = '__optimizer.';

function extraOptimizerState(optimizer: tf.Optimizer): { name: string; tensor: tf.Tensor }[] {
  const holder = optimizer as unknown as Record<string, unknown>;
  return EXTRA_OPTIMIZER_VARIABLES.filter((key) => holder[key] instanceof tf.Variable).map((key) => ({
    name: `${EXTRA_PREFIX}${key}`,
    tensor: holder[key] as tf.Variable,
  }));
}

async function packTensors(
  named: { name: string; tensor: tf.Tensor }[],
  startOffset: number,
): Promise<{ specs: CheckpointTensorSpec[]; chunks: Uint8Array[]; bytes: number }> {
  const specs: CheckpointTensorSpec[] = [];
  const chunks: Uint8Array[] = [];
  let offset = startOffset;
  for (const { name, tensor } of named) {
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
      throw new TypeError(`Cannot checkpoint tensor ${name}: expected float32 or int32, found ${tensor.dtype}.`);
    }
    const data = (await tensor.data()) as Float32Array | Int32Array;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    specs.push({ name, shape: [...tensor.shape], dtype: tensor.dtype, offset });
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  return { specs, chunks, bytes: offset - startOffset };
}

/**
 * Writes a checkpoint atomically: first `weights-<step>.bin`, then `checkpoint.json` (the commit point)
 * naming it; older weights files are removed only after that. A crash at any moment leaves either the
 * previous checkpoint or the new one, never a mix.
 */
export async function writeCheckpoint(
  dir: string,
  state: CheckpointState,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
): Promise<CheckpointInfo> {
  // getWeights() returns the model's own variables: nothing to dispose.
  const values = model.getWeights();
  const modelNamed = model.weights.map((w, i) => ({ name: w.originalName, tensor: values[i]! }));
  const modelPart = await packTensors(modelNamed, 0);
  const optimizerNamed = [...(await optimizer.getWeights()), ...extraOptimizerState(optimizer)];
  let optimizerPart: Awaited<ReturnType<typeof packTensors>>;
  try {
    optimizerPart = await packTensors(optimizerNamed, modelPart.bytes);
  } finally {
    // getWeights() returns fresh tensors for the iteration count; the rest are the optimizer's own variables.
    for (const { tensor } of optimizerNamed) if (!(tensor instanceof tf.Variable)) tensor.dispose();
  }
  const blob = Buffer.concat([...modelPart.chunks, ...optimizerPart.chunks]);
  const weightsFile = `weights-${String(state.step).padStart(8, '0')}.bin`;
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, weightsFile), blob);
  const info: CheckpointInfo = {
    format: CHECKPOINT_FORMAT,
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    ...state,
    weightsFile,
    weightsBytes: blob.byteLength,
    weightsSha256: createHash('sha256').update(blob).digest('hex'),
    modelWeights: modelPart.specs,
    optimizerWeights: optimizerPart.specs,
  };
  await writeFileAtomic(join(dir, CHECKPOINT_FILE), `${JSON.stringify(info, null, 2)}\n`);
  for (const name of await readdir(dir)) {
    if (WEIGHTS_FILE_PATTERN.test(name) && name !== weightsFile) await rm(join(dir, name), { force: true });
  }
  return info;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `checkpoint.json` of a checkpoint directory; `undefined` when there is none.
 * @throws CorruptCheckpointError when the file exists but is not a checkpoint of this format.
 */
export async function readCheckpointInfo(dir: string): Promise<CheckpointInfo | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return undefined;
    }
    throw error;
  }
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    throw new CorruptCheckpointError(dir, `${CHECKPOINT_FILE} is not valid JSON`);
  }
  if (!isObject(info) || info.format !== CHECKPOINT_FORMAT) {
    throw new CorruptCheckpointError(dir, `${CHECKPOINT_FILE} is not a ${CHECKPOINT_FORMAT} file`);
  }
  if (info.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    throw new CorruptCheckpointError(
      dir,
      `expected formatVersion ${CHECKPOINT_FORMAT_VERSION}, found ${JSON.stringify(info.formatVersion)}`,
    );
  }
  for (const key of ['epoch', 'batch', 'step', 'weightsBytes'] as const) {
    if (!Number.isSafeInteger(info[key]) || (info[key] as number) < 0) {
      throw new CorruptCheckpointError(dir, `${key} must be a non-negative integer, found ${JSON.stringify(info[key])}`);
    }
  }
  if (!isObject(info.options) || !isObject(info.history) || !Array.isArray(info.modelWeights) || !Array.isArray(info.optimizerWeights)) {
    throw new CorruptCheckpointError(dir, 'options, history, modelWeights or optimizerWeights is missing');
  }
  if (typeof info.weightsFile !== 'string' || !WEIGHTS_FILE_PATTERN.test(info.weightsFile)) {
    throw new CorruptCheckpointError(dir, `weightsFile ${JSON.stringify(info.weightsFile)} is not a weights-<n>.bin name`);
  }
  return info as unknown as CheckpointInfo;
}

function tensorsFrom(dir: string, blob: Buffer, specs: CheckpointTensorSpec[]): tf.Tensor[] {
  return specs.map((spec) => {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const end = spec.offset + count * 4;
    if (end > blob.byteLength) throw new CorruptCheckpointError(dir, `tensor ${spec.name} lies past the end of the weights file`);
    const bytes = blob.subarray(spec.offset, end);
    const copy = new Uint8Array(bytes).buffer;
    const values = spec.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
    return tf.tensor(values, spec.shape, spec.dtype);
  });
}

/**
 * Loads a checkpoint's weights into `model` and its optimizer state into `optimizer`
 * (which must be a fresh optimizer of the same kind, stepping the same variables in the same order).
 * @throws CorruptCheckpointError on a missing/truncated/altered weights file or shapes that do not fit the model.
 */
export async function restoreCheckpoint(
  dir: string,
  info: CheckpointInfo,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
): Promise<void> {
  let blob: Buffer;
  try {
    blob = await readFile(join(dir, info.weightsFile));
  } catch {
    throw new CorruptCheckpointError(dir, `the weights file ${info.weightsFile} named by ${CHECKPOINT_FILE} is missing`);
  }
  if (blob.byteLength !== info.weightsBytes) {
    throw new CorruptCheckpointError(dir, `expected ${info.weightsBytes} bytes in ${info.weightsFile}, found ${blob.byteLength}`);
  }
  const sha = createHash('sha256').update(blob).digest('hex');
  if (sha !== info.weightsSha256) throw new CorruptCheckpointError(dir, `${info.weightsFile} does not match its SHA-256`);
  const expected = model.weights.map((w) => w.shape.join('x'));
  const found = info.modelWeights.map((s) => s.shape.join('x'));
  if (expected.join(',') !== found.join(',')) {
    throw new CorruptCheckpointError(
      dir,
      `its weights have shapes [${found.join(', ')}] but model ${info.options.model} has [${expected.join(', ')}]`,
    );
  }
  const modelTensors = tensorsFrom(dir, blob, info.modelWeights);
  model.setWeights(modelTensors);
  tf.dispose(modelTensors);
  const optimizerTensors = tensorsFrom(dir, blob, info.optimizerWeights);
  const named = info.optimizerWeights.map((spec, i) => ({ name: spec.name, tensor: optimizerTensors[i]! }));
  try {
    await optimizer.setWeights(named.filter((n) => !n.name.startsWith(EXTRA_PREFIX)));
    const holder = optimizer as unknown as Record<string, unknown>;
    for (const { name, tensor } of named.filter((n) => n.name.startsWith(EXTRA_PREFIX))) {
      const target = holder[name.slice(EXTRA_PREFIX.length)];
      if (!(target instanceof tf.Variable)) {
        throw new CorruptCheckpointError(dir, `it holds optimizer state ${name} that a ${info.options.optimizer} optimizer does not have`);
      }
      target.assign(tensor);
    }
  } finally {
    tf.dispose(optimizerTensors);
  }
}
