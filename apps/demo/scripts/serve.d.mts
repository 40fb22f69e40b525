export declare const DEFAULT_HOST: string;
export declare const DEFAULT_PORT: number;
export declare const MIME_TYPES: Record<string, string>;
export declare function contentTypeFor(path: string): string;
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
export declare function startServer(options: { root: string; port?: number; host?: string; log?: boolean }): Promise<RunningServer>;
