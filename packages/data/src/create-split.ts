import { CountMismatchError, IdxTypeError, ImageSizeError, LabelRangeError } from './errors';
import { IDX_TYPES, type IdxResult, parseIdx } from './parse-idx';
import type { Split } from './split';


export interface CreateSplitOptions {
  imagesFile?: string;
  labelsFile?: string;
  /** Expected image height; checked when given. */
  rows?: number;
  /** Expected image width; checked when given. */
  cols?: number;
  /** Labels must be below this; checked when given. */
  classCount?: number;
}

/**
 * Builds a {@link Split} from an image IDX file (uint8, N x rows x cols) and a label IDX file
 * (uint8, N), raw or gzip. Throws typed errors when they do not fit together.
 */
export function createSplit(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: CreateSplitOptions = {},
): Split & { rows: number; cols: number } {
  const imagesFile = options.imagesFile ?? 'images';
  const labelsFile = options.labelsFile ?? 'labels';
  const images = parseIdx(imageBytes, { fileName: imagesFile });
  const labels = parseIdx(labelBytes, { fileName: labelsFile });
  requireUint8(images, imagesFile, 'images');
  requireUint8(labels, labelsFile, 'labels');
  if (images.shape.length !== 3) {
    throw new ImageSizeError('3 dimensions (count, rows, cols)', `${images.shape.length} dimensions [${images.shape.join(', ')}]`, imagesFile);
  }
  if (labels.shape.length !== 1) {
    throw new ImageSizeError('labels with 1 dimension (count)', `${labels.shape.length} dimensions [${labels.shape.join(', ')}]`, labelsFile);
  }
  const [count, rows, cols] = images.shape as [number, number, number];
  if ((options.rows !== undefined && rows !== options.rows) || (options.cols !== undefined && cols !== options.cols)) {
    throw new ImageSizeError(`${options.rows ?? rows}x${options.cols ?? cols} pixels`, `${rows}x${cols} pixels`, imagesFile);
  }
  const labelCount = labels.shape[0]!;
  if (labelCount !== count) throw new CountMismatchError(count, labelCount, imagesFile, labelsFile);
  const labelData = labels.data as Uint8Array;
  if (options.classCount !== undefined) {
    for (let i = 0; i < labelData.length; i++) {
      if (labelData[i]! >= options.classCount) throw new LabelRangeError(i, labelData[i]!, options.classCount, labelsFile);
    }
  }
  return { images: images.data as Uint8Array, labels: labelData, count, rows, cols };
}

function requireUint8(result: IdxResult, fileName: string, what: string): void {
  if (result.type !== 'uint8') {
    throw new IdxTypeError(IDX_TYPES[result.type].code, fileName, `${what} of type code 0x08 (uint8)`);
  }
}
