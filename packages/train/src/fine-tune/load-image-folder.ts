// Node-only: reads labelled images from disk.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseIdx } from '@mnist/data';
import { preprocess } from '@mnist/infer';
import { TransferDataError } from '../errors/index.js';
import { decodeImage } from '../image/decode-image.js';
import { assertUsableClasses, IMAGE_SIDE_PX, type LabelledImages } from './labelled-images.js';

/** File name extensions read as images in a class folder (case-insensitive). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.pgm'];
const PIXELS = IMAGE_SIDE_PX * IMAGE_SIDE_PX;

function unreadable(path: string, found: string, cause?: unknown): TransferDataError {
  return new TransferDataError({
    problem: 'unreadable-image',
    path,
    message: `Expected ${path} to be a PNG, JPEG or PGM image, but ${found}. Replace or remove the file.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Reads a folder in the ImageFolder convention (torchvision, Keras's `image_dataset_from_directory`):
 * `<dir>/<class>/*.png|jpg|jpeg|pgm`, class names from the folder names in sorted order. Every image is
 * preprocessed exactly as `@mnist/infer` preprocesses what it recognises (`preprocess()`), then stored
 * as bytes (0..255). Hidden files and folders are skipped, so are files with other extensions.
 * @throws TransferDataError naming the file or folder: `not-a-directory`, `unreadable-image` (missing,
 *   undecodable), `blank-image` (no ink), `empty-class`, `too-few-classes`.
 */
export async function loadImageFolder(dir: string): Promise<LabelledImages> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TransferDataError({
      problem: 'not-a-directory',
      path: dir,
      message: `Expected ${dir} to be a folder with one sub-folder of images per class, but it ${code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is a file' : `cannot be read (${code ?? (error as Error).message})`}.`,
      cause: error,
    });
  }
  const classNames = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (const [label, name] of classNames.entries()) {
    const classDir = join(dir, name);
    const files = (await readdir(classDir, { withFileTypes: true }))
      .filter((f) => !f.name.startsWith('.') && IMAGE_EXTENSIONS.includes(extname(f.name).toLowerCase()))
      .map((f) => f.name)
      .sort();
    for (const file of files) {
      const path = join(classDir, file);
      images.push(await readDigitImage(path));
      labels.push(label);
    }
  }
  const data: LabelledImages = {
    images: concat(images),
    labels: Uint8Array.from(labels),
    count: labels.length,
    classNames,
    source: `directory:${basename(dir)}`,
    classPaths: classNames.map((name) => join(dir, name)),
  };
  assertUsableClasses(data);
  return data;
}

/** One image file, decoded and preprocessed as @mnist/infer does, as 784 bytes. */
async function readDigitImage(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw unreadable(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  let result: ReturnType<typeof preprocess>;
  try {
    result = preprocess(decodeImage(bytes, path));
  } catch (error) {
    throw unreadable(path, `it cannot be decoded (${(error as Error).message})`, error);
  }
  if (result.empty) {
    throw new TransferDataError({
      problem: 'blank-image',
      path,
      message: `Expected a digit in ${path}, found none (${result.reason}). Remove the file or redraw it.`,
    });
  }
  const out = new Uint8Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) out[i] = Math.round(result.pixels[i]! * 255);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.length * PIXELS);
  for (const [i, part] of parts.entries()) out.set(part, i * PIXELS);
  return out;
}

/**
 * Reads an IDX pair (images `N x 28 x 28` bytes, labels `N`; gzip or not), as MNIST ships.
 * @throws TransferDataError (`unreadable-image` naming the file, `too-few-classes`, `empty-class`); the data package's IDX errors.
 */
export async function loadIdxPair(imagesFile: string, labelsFile: string, classNames?: readonly string[]): Promise<LabelledImages> {
  const read = async (path: string) => {
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
      return new Uint8Array(await readFile(path));
    } catch (error) {
      throw unreadable(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
    }
  };
  const images = parseIdx(await read(imagesFile), { fileName: basename(imagesFile) });
  const labels = parseIdx(await read(labelsFile), { fileName: basename(labelsFile) });
  const [n, rows, cols] = images.shape;
  if (images.shape.length !== 3 || rows !== IMAGE_SIDE_PX || cols !== IMAGE_SIDE_PX || n !== labels.shape[0]) {
    throw unreadable(imagesFile, `it holds [${images.shape.join(', ')}] images for ${labels.shape[0]} labels, not N x 28 x 28 with a label each`);
  }
  const labelBytes = Uint8Array.from(labels.data as ArrayLike<number>);
  const maxLabel = labelBytes.reduce((a, b) => Math.max(a, b), 0);
  const names = classNames ? [...classNames] : Array.from({ length: maxLabel + 1 }, (_, i) => String(i));
  const data: LabelledImages = {
    images: Uint8Array.from(images.data as ArrayLike<number>),
    labels: labelBytes,
    count: labelBytes.length,
    classNames: names,
    source: `idx:${basename(imagesFile)}`,
  };
  assertUsableClasses(data, (name) => `${labelsFile} (label ${name})`);
  return data;
}
