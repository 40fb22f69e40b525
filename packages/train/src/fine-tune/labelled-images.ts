import type { Split } from '@mnist/data';
import { TransferDataError } from '../errors/index.js';

/** Side of the square images a digit model takes (MNIST's 28 x 28). */
export const IMAGE_SIDE_PX = 28;
const PIXELS = IMAGE_SIDE_PX * IMAGE_SIDE_PX;

/** Labelled 28 x 28 images for fine-tuning, as a model sees them: bright ink on black, one byte per pixel. */
export interface LabelledImages {
  /** `count * 784` bytes, 0 (background) to 255 (ink), row-major. */
  images: Uint8Array;
  /** Index into `classNames` per image. */
  labels: Uint8Array;
  count: number;
  /** Class names in label order (e.g. folder names, `'0'`..`'9'` for digits). */
  classNames: string[];
  /** Where the images came from (a folder name, `idx:<file>`, `arrays`), without machine paths. */
  source: string;
  /** Where each class came from (its folder), for error messages; default `<source>/<class>`. */
  classPaths?: string[];
}

function defaultClassPath(data: LabelledImages): (name: string) => string {
  return (name) => data.classPaths?.[data.classNames.indexOf(name)] ?? `${data.source}/${name}`;
}

/** Images per class, by class name. */
export function classCounts(data: LabelledImages): Record<string, number> {
  const counts = new Array<number>(data.classNames.length).fill(0);
  for (let i = 0; i < data.count; i++) counts[data.labels[i]!]!++;
  return Object.fromEntries(data.classNames.map((name, i) => [name, counts[i]!]));
}

/**
 * Checks labelled images given as arrays (pixels 0..255 or floats in [0, 1], as `@mnist/infer`'s
 * `preprocess` returns them) and returns them in the fine-tuning layout.
 * @throws TransferDataError (`invalid-arrays`, `empty-class`, `too-few-classes`)
 */
export function labelledImagesFromArrays(input: {
  images: Uint8Array | Float32Array | ArrayLike<number>;
  labels: ArrayLike<number>;
  classNames: readonly string[];
  source?: string;
}): LabelledImages {
  const { labels, classNames } = input;
  const count = labels.length;
  const path = input.source ?? 'arrays';
  const invalid = (found: string) =>
    new TransferDataError({
      problem: 'invalid-arrays',
      path,
      message: `Expected ${found}. Pass images as count x 784 pixels (0..255, or 0..1 floats from preprocess()) and one label per image.`,
    });
  if (input.images.length !== count * PIXELS) {
    throw invalid(`${count} x ${PIXELS} = ${count * PIXELS} pixels for ${count} labels, found ${input.images.length}`);
  }
  const float = !(input.images instanceof Uint8Array);
  const images = new Uint8Array(count * PIXELS);
  for (let i = 0; i < images.length; i++) {
    const v = input.images[i]!;
    const byte = float ? v * 255 : v;
    if (!Number.isFinite(byte) || byte < 0 || byte > 255) throw invalid(`pixels in ${float ? '[0, 1]' : '0..255'}, found ${v} at index ${i}`);
    images[i] = Math.round(byte);
  }
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classNames.length) {
      throw invalid(`labels from 0 to ${classNames.length - 1} (one per class name), found ${label} at index ${i}`);
    }
    out[i] = label;
  }
  const data: LabelledImages = { images, labels: out, count, classNames: [...classNames], source: path };
  assertUsableClasses(data);
  return data;
}

/**
 * Every class has an image and there are at least two classes.
 * @throws TransferDataError (`too-few-classes`, `empty-class`)
 */
export function assertUsableClasses(data: LabelledImages, classPath: (name: string) => string = defaultClassPath(data)): void {
  if (data.classNames.length < 2) {
    throw new TransferDataError({
      problem: 'too-few-classes',
      path: data.source,
      message:
        `Expected at least 2 classes in ${data.source}, found ${data.classNames.length}` +
        `${data.classNames.length === 1 ? ` (${data.classNames[0]})` : ''}. ` +
        'A classifier learns to tell classes apart: add a folder per class, e.g. 3/ and 5/.',
    });
  }
  const counts = classCounts(data);
  for (const name of data.classNames) {
    if (counts[name] === 0) {
      throw new TransferDataError({
        problem: 'empty-class',
        path: classPath(name),
        message: `Expected images in class folder ${classPath(name)}, found none (.png, .jpg, .jpeg or .pgm). Add images or remove the folder.`,
      });
    }
  }
}

/**
 * Relabels data to the class order of a base model whose head is kept.
 * @throws TransferDataError (`unknown-class`) naming the first class the base model does not have.
 */
export function toBaseClasses(data: LabelledImages, baseClassNames: readonly string[], classPath: (name: string) => string = defaultClassPath(data)): LabelledImages {
  const index = data.classNames.map((name) => baseClassNames.indexOf(name));
  const unknown = data.classNames.find((_, i) => index[i]! < 0);
  if (unknown !== undefined) {
    throw new TransferDataError({
      problem: 'unknown-class',
      path: classPath(unknown),
      message:
        `Expected class folders named after the base model's classes (${baseClassNames.join(', ')}), found ${JSON.stringify(unknown)} (${classPath(unknown)}). ` +
        'Rename the folder, or replace the head (newHead: true, mnist finetune --new-head) to learn new classes.',
    });
  }
  const { classPaths: _paths, ...rest } = data;
  return { ...rest, labels: data.labels.map((label) => index[label]!), classNames: [...baseClassNames] };
}

/** The images as a `Split` of `@mnist/data` (for batching). */
export function asSplit(data: LabelledImages): Split {
  return { images: data.images, labels: data.labels, count: data.count };
}
