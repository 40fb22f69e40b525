import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { QueueUnavailableError } from '../tune-error.js';

/** Default BullMQ queue name of `mnist tune --queue`. */
export const DEFAULT_QUEUE_NAME = 'mnist-tune';
/** Longest wait between two reconnection attempts when Redis is gone, in milliseconds. */
export const MAX_RECONNECT_DELAY_MS = 5_000;
/** How long the first connection may take before `--queue` is reported unreachable, in milliseconds. */
export const CONNECT_TIMEOUT_MS = 3_000;

/** Host, port, database and credentials of a `redis://[user:password@]host:port[/db]` URL. */
export function parseQueueUrl(url: string): { host: string; port: number; db: number; username?: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueUnavailableError({ url, problem: 'it is not a URL (expected redis://host:port)' });
  }
  if (parsed.protocol !== 'redis:') throw new QueueUnavailableError({ url, problem: `expected a redis:// URL, found the scheme ${parsed.protocol}` });
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new QueueUnavailableError({ url, problem: `the database "${dbText}" is not a number` });
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port,
    db,
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
  };
}

/**
 * ioredis options for a long-running coordinator or worker: when Redis goes away, commands wait in
 * the offline queue (`maxRetriesPerRequest: null`, as BullMQ workers require) and the client
 * reconnects for ever, backing off to one attempt every {@link MAX_RECONNECT_DELAY_MS} ms.
 */
export function connectionOptions(url: string): RedisOptions & BullRedisOptions {
  return {
    ...parseQueueUrl(url),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times: number) => Math.min(times * 250, MAX_RECONNECT_DELAY_MS),
  };
}

/**
 * Connects once, with no retries, and pings: a start-up check so that an unreachable `--queue` is
 * reported at once instead of waiting for ever.
 * @throws QueueUnavailableError
 */
export async function assertQueueReachable(url: string): Promise<void> {
  const client = new Redis({
    ...parseQueueUrl(url),
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new QueueUnavailableError({ url, problem: `Redis did not answer (${(error as Error).message || String(error)})`, cause: error });
  } finally {
    client.disconnect();
  }
}

/** The Redis key where the coordinator writes its pruning decision for a job's epoch. */
export function decisionKey(queueName: string, jobId: string, epoch: number): string {
  return `${queueName}:decision:${jobId}:${epoch}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
