import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { childLogger } from '../lib/logger.js';

/** One Redis connection for queues, workers and the channel pacer, plus the key prefix they share. */
export interface JobsConnection {
  redis: Redis;
  /** Prefix of every BullMQ key (QUEUE_PREFIX); tests use throwaway ones. */
  prefix: string;
  /**
   * Reports an error of anything on this Redis (BullMQ queues and workers open connections of their
   * own): connection failures go to the watcher (one line when Redis is lost, one when it is back),
   * anything else to the log as an error.
   */
  reportError(err: unknown): void;
  close(): Promise<void>;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** True for "cannot talk to Redis" errors (as opposed to a failing command). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  return typeof e.message === 'string' && /Connection is closed|connect ECONNREFUSED|Stream isn't writeable|getaddrinfo/.test(e.message);
}

/** Where Redis is, for the log: host and port only (a URL may carry a password). */
function where(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Says once that Redis is unreachable and once that it is back, instead of a stack trace per retry
 * (ioredis reconnects on its own, with the backoff of `retryStrategy`; BullMQ waits for it).
 */
export function redisWatcher(log: Logger, target: string): { error(err: unknown): void; ready(): void } {
  let down = false;
  let since = 0;
  return {
    error(err) {
      if (!isConnectionError(err)) {
        log.error({ err }, 'job system error (Redis, BullMQ)');
        return;
      }
      if (down) return;
      down = true;
      since = Date.now();
      const code = (err as { code?: string }).code ?? (err as Error).message;
      log.error(`Redis at ${target} is unreachable (${code}); retrying quietly with backoff until it answers`);
    },
    ready() {
      if (!down) return;
      down = false;
      log.info(`Redis at ${target} is reachable again after ${Math.round((Date.now() - since) / 1000)} s`);
    },
  };
}

/** Reconnect delay: 0.5 s, 1 s, 1.5 s … up to 10 s between attempts while Redis is away. */
export const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 500, 10_000);

/**
 * Connects to `url` (REDIS_URL, as the command that starts the process read it) under `prefix` (QUEUE_PREFIX). `maxRetriesPerRequest: null` is what BullMQ workers need: their
 * blocking commands must wait through a Redis restart instead of failing after a few retries.
 */
export function connectJobs(opts: { url: string; prefix: string; log?: Logger }): JobsConnection {
  const url = opts.url;
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, retryStrategy: reconnectDelayMs });
  const watcher = redisWatcher(opts.log ?? childLogger('redis'), where(url));
  // Without an 'error' listener ioredis prints every failed reconnect with its stack.
  redis.on('error', watcher.error);
  redis.on('ready', watcher.ready);
  return {
    redis,
    prefix: opts.prefix,
    reportError: watcher.error,
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
