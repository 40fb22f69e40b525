import { createSplit } from './create-split';
import { type DatasetInfo, type DatasetName, datasetFileNames, getDataset } from './datasets';
import { DownloadError, InvalidOptionError } from './errors';
import { gunzipIfNeeded } from './gunzip';
import type { MnistData } from './split';
import { verifyChecksum } from './verify-checksum';

export interface LoadMnistBrowserOptions {
  dataset?: DatasetName;
  /** Base URL serving the four files; file names are appended (with `suffix`). */
  baseUrl?: string;
  /** Suffix appended to each file name under baseUrl: '.gz' (default) or '' for raw files. */
  suffix?: string;
  /** Explicit URL per file name (overrides baseUrl), e.g. `{ 'train-images-idx3-ubyte': '/data/train.gz' }`. */
  urls?: Partial<Record<string, string>>;
  /** The fetch to use (default globalThis.fetch). */
  fetch?: typeof globalThis.fetch;
  /** Verify SHA-256 with SubtleCrypto (default true). */
  verify?: boolean;
  /** Use another dataset description (checksums, class names), e.g. for your own MNIST-format data. */
  datasetInfo?: DatasetInfo;
  /** Called as bytes arrive: file name, bytes so far, total bytes when known. */
  onProgress?: (progress: { file: string; loaded: number; total: number | undefined }) => void;
}

/**
 * Loads a dataset with `fetch` (browsers, workers, Deno, Node) from `baseUrl` or `urls`,
 * inflates gzip in JavaScript and verifies SHA-256 with SubtleCrypto.
 */
export async function loadMnist(options: LoadMnistBrowserOptions): Promise<MnistData> {
  const info = options.datasetInfo ?? getDataset(options.dataset ?? 'mnist');
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') throw new InvalidOptionError('fetch', 'a fetch function', typeof doFetch);
  if (!options.baseUrl && !options.urls) {
    throw new InvalidOptionError('loadMnist options', '{ baseUrl } or { urls } (in Node, import loadMnist from "@mnist/data/node" to load from disk)', 'neither');
  }
  const suffix = options.suffix ?? '.gz';
  const names = datasetFileNames(info);
  const files = await Promise.all(
    names.map(async (name) => {
      const url = options.urls?.[name] ?? joinUrl(options.baseUrl ?? '', name + suffix);
      const bytes = gunzipIfNeeded(await fetchBytes(doFetch, url, name, options.onProgress), name);
      if (options.verify !== false) await verifyChecksum(bytes, name, info);
      return bytes;
    }),
  );
  return assemble(info, files, `fetch:${options.baseUrl ?? 'urls'}`);
}

export function assemble(info: DatasetInfo, files: Uint8Array[], source: string): MnistData {
  const [trainImages, trainLabels, testImages, testLabels] = files as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const common = { rows: info.rows, cols: info.cols, classCount: info.classNames.length };
  const train = createSplit(trainImages, trainLabels, { ...common, imagesFile: info.files.trainImages, labelsFile: info.files.trainLabels });
  const test = createSplit(testImages, testLabels, {
    ...common,
    rows: info.rows ?? train.rows,
    cols: info.cols ?? train.cols,
    imagesFile: info.files.testImages,
    labelsFile: info.files.testLabels,
  });
  return {
    train: { images: train.images, labels: train.labels, count: train.count },
    test: { images: test.images, labels: test.labels, count: test.count },
    rows: train.rows,
    cols: train.cols,
    classNames: [...info.classNames],
    dataset: info.name,
    source,
  };
}

function joinUrl(base: string, name: string): string {
  return base.endsWith('/') || base === '' ? base + name : `${base}/${name}`;
}

async function fetchBytes(
  doFetch: typeof globalThis.fetch,
  url: string,
  name: string,
  onProgress: LoadMnistBrowserOptions['onProgress'],
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (error) {
    throw new DownloadError(name, [{ url, reason: error instanceof Error ? error.message : String(error) }]);
  }
  if (!response.ok) throw new DownloadError(name, [{ url, reason: `HTTP ${response.status} ${response.statusText}`.trim() }]);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  if (!response.body || !onProgress) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress({ file: name, loaded, total });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
