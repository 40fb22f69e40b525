export declare const SAMPLE_MAGIC: string;
export declare const SAMPLE_HEADER_BYTES: number;
export declare const DEFAULT_SAMPLE_SIZE: number;
export declare const SAMPLE_FILE_NAME: string;
export declare function mnistDataDir(): string;
export interface TestSampleOptions {
  count?: number;
  dataDir?: string;
}
export declare function buildTestSample(options?: TestSampleOptions): Uint8Array;
export declare function buildTestSampleGzip(options?: TestSampleOptions): Uint8Array;
