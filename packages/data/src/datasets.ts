import { InvalidOptionError } from './errors';

/** The datasets this package knows, with the checksums it verifies them against. */
export type DatasetName = 'mnist' | 'fashion-mnist';

/** The four files of an MNIST-format dataset, by role. Names are the decompressed file names. */
export interface DatasetFiles {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

export interface DatasetInfo {
  name: DatasetName;
  classNames: string[];
  files: DatasetFiles;
  /** SHA-256 (lower-case hex) of each decompressed file, keyed by file name. */
  sha256: Record<string, string>;
  /** Size in bytes of each decompressed file, keyed by file name (optional: lets a wrong file fail before hashing). */
  bytes?: Record<string, number>;
  counts: { train: number; test: number };
  /** Examples per class, index = label. */
  classCounts: { train: number[]; test: number[] };
  /** Image height and width in pixels. */
  rows?: number;
  cols?: number;
  /** Download mirrors serving `<file>.gz`, tried in order. */
  mirrors?: string[];
}

export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
export const PIXELS_PER_IMAGE = IMAGE_ROWS * IMAGE_COLS;
export const CLASS_COUNT = 10;
export const TRAIN_IMAGE_COUNT = 60_000;
export const TEST_IMAGE_COUNT = 10_000;
/** Largest pixel value; `normalize` divides by this. */
export const MAX_PIXEL_VALUE = 255;

/** Where Debian's `dataset-fashion-mnist` package installs the four `.gz` files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const FILES: DatasetFiles = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

const BYTES: Record<string, number> = {
  'train-images-idx3-ubyte': 47_040_016,
  'train-labels-idx1-ubyte': 60_008,
  't10k-images-idx3-ubyte': 7_840_016,
  't10k-labels-idx1-ubyte': 10_008,
};

export const DATASETS: Record<DatasetName, DatasetInfo> = {
  mnist: {
    name: 'mnist',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    files: { ...FILES },
    sha256: {
      'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    },
    bytes: { ...BYTES },
    counts: { train: TRAIN_IMAGE_COUNT, test: TEST_IMAGE_COUNT },
    classCounts: {
      train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
      test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
    },
    rows: IMAGE_ROWS,
    cols: IMAGE_COLS,
    mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    files: { ...FILES },
    sha256: {
      'train-images-idx3-ubyte': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      'train-labels-idx1-ubyte': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      't10k-images-idx3-ubyte': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      't10k-labels-idx1-ubyte': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    },
    bytes: { ...BYTES },
    counts: { train: TRAIN_IMAGE_COUNT, test: TEST_IMAGE_COUNT },
    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images per class.
    classCounts: { train: new Array<number>(CLASS_COUNT).fill(6000), test: new Array<number>(CLASS_COUNT).fill(1000) },
    rows: IMAGE_ROWS,
    cols: IMAGE_COLS,
    mirrors: ['http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'],
  },
};

/** Looks up a dataset by name, with a typed error for unknown names. */
export function getDataset(name: string): DatasetInfo {
  const info = (DATASETS as Record<string, DatasetInfo | undefined>)[name];
  if (!info) {
    throw new InvalidOptionError('dataset', `one of ${Object.keys(DATASETS).join(', ')}`, name);
  }
  return info;
}

/** The four file names of a dataset, in the order train images, train labels, test images, test labels. */
export function datasetFileNames(info: DatasetInfo): string[] {
  return [info.files.trainImages, info.files.trainLabels, info.files.testImages, info.files.testLabels];
}
