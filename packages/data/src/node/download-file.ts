import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetInfo } from '../datasets';
import { DownloadError, MnistDataError } from '../errors';
import { verifyChecksum } from '../verify-checksum';
import { gunzipNode, sha256Node } from './read-verified-file';

export interface DownloadProgress {
  file: string;
  url: string;
  /** Bytes received so far (compressed, as served). */
  loaded: number;
  /** Content-Length when the server sent one. */
  total: number | undefined;
}

export interface DownloadFileOptions {
  /** Base URLs serving `<file>.gz`, tried in order. */
  mirrors: string[];
  /** Directory the verified, decompressed file is written to. */
  dir: string;
  /** Abort an attempt after this many milliseconds without receiving data. */
  timeoutMs: number;
  /** Extra attempts per mirror after a transient failure (network error, timeout, 5xx, truncated body). */
  retries: number;
  /** Delay before the first retry, doubled for each further one (default 500 ms). */
  retryDelayMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  fetch?: typeof globalThis.fetch;
}

/** A failure worth retrying on the same mirror. */
class TransientError extends Error {}

/**
 * Downloads `<mirror>/<fileName>.gz` from the first mirror that delivers bytes that verify,
 * then writes the decompressed file to `dir/<fileName>` through a temporary file and a rename:
 * a killed process never leaves a partial file under the final name.
 * Throws {@link DownloadError} listing every attempt when all mirrors fail.
 */
export async function downloadFile(
  fileName: string,
  info: Pick<DatasetInfo, 'sha256' | 'bytes'>,
  options: DownloadFileOptions,
): Promise<{ path: string; bytes: Uint8Array; url: string }> {
  const attempts: { url: string; reason: string }[] = [];
  const doFetch = options.fetch ?? globalThis.fetch;
  const baseDelay = options.retryDelayMs ?? 500;
  for (const mirror of options.mirrors) {
    const url = (mirror.endsWith('/') ? mirror : `${mirror}/`) + `${fileName}.gz`;
    for (let attempt = 0; attempt <= options.retries; attempt++) {
      if (attempt > 0 && baseDelay > 0) await sleep(baseDelay * 2 ** (attempt - 1));
      try {
        const compressed = await fetchWithIdleTimeout(doFetch, url, fileName, options);
        const bytes = await gunzipNode(compressed, url);
        await verifyChecksum(bytes, fileName, info, sha256Node);
        const path = await writeAtomically(options.dir, fileName, bytes);
        return { path, bytes, url };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        attempts.push({ url, reason: attempt > 0 ? `attempt ${attempt + 1}: ${reason}` : reason });
        // Corrupt content (bad gzip, wrong checksum) or a permanent HTTP error: next mirror.
        if (!(error instanceof TransientError)) break;
      }
    }
  }
  throw new DownloadError(fileName, attempts);
}

async function fetchWithIdleTimeout(
  doFetch: typeof globalThis.fetch,
  url: string,
  fileName: string,
  options: DownloadFileOptions,
): Promise<Uint8Array> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  arm();
  try {
    const response = await doFetch(url, { signal: controller.signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const message = `HTTP ${response.status} ${response.statusText}`.trim();
      if (response.status >= 500 || response.status === 429 || response.status === 408) throw new TransientError(message);
      throw new Error(message);
    }
    const lengthHeader = response.headers.get('content-length');
    const total = lengthHeader === null ? undefined : Number(lengthHeader);
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        arm();
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        options.onProgress?.({ file: fileName, url, loaded, total });
      }
    }
    if (total !== undefined && Number.isFinite(total) && loaded !== total) {
      throw new TransientError(`expected ${total} bytes (Content-Length), received ${loaded}: the response was cut short`);
    }
    const out = new Uint8Array(loaded);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  } catch (error) {
    if (timedOut) throw new TransientError(`no data for ${options.timeoutMs} ms (timeout)`);
    if (error instanceof TransientError || error instanceof MnistDataError) throw error;
    if (error instanceof Error && error.message.startsWith('HTTP ')) throw error;
    throw new TransientError(error instanceof Error ? describeNetworkError(error) : String(error));
  } finally {
    clearTimeout(timer);
  }
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

async function writeAtomically(dir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  await mkdir(dir, { recursive: true });
  const finalPath = join(dir, fileName);
  const tempPath = join(dir, `.${fileName}.${process.pid}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await writeFile(tempPath, bytes, { flush: true });
    await rename(tempPath, finalPath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  return finalPath;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
