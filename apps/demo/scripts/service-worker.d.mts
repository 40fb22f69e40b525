export declare const CACHE_PREFIX: string;
export declare function serviceWorker(files: string[]): { fileName: string; source: string; version: string };
