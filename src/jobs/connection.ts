import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { childLogger } from '../lib/logger.js';

/**
 * How a connection treats commands while Redis is away:
 * - `worker`: BullMQ workers' blocking commands wait through a Redis restart (`maxRetriesPerRequest: null`,
 *   as BullMQ requires for workers);
 * - `app`: what the Slack app and the CLI ask of Redis fails at once instead of queueing until Redis is
 *   back (BullMQ's "failing fast when Redis is down" pattern: `enableOfflineQueue: false`), with a
 *   command timeout for a Redis that accepts the connection but does not answer.
 */
export type RedisRole = 'worker' | 'app';

/** One Redis connection for queues, workers and the channel pacer, plus the key prefix they share. */
export interface JobsConnection {
  redis: Redis;
  /** Prefix of every BullMQ key (QUEUE_PREFIX); tests use throwaway ones. */
  prefix: string;
  role: RedisRole;
  /**
   * Reports an error of anything on this Redis (BullMQ queues and workers open connections of their
   * own): connection failures go to the watcher (one line when Redis is lost, one when it is back),
   * anything else to the log as an error.
   */
  reportError(err: unknown): void;
  /** True from the first failed connection until Redis answers again. */
  isDown(): boolean;
  /** Calls `listener` each time Redis answers again after an outage (not on the first connect). */
  onReconnect(listener: () => void): void;
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
 * The verdict follows one connection, `main` (the one the process opened): BullMQ's own connections
 * (a worker's blocking one) report their errors here too, but a late "Connection is closed" from one
 * of them while `main` is ready is that connection reconnecting, not a new outage.
 */
export function redisWatcher(
  log: Logger,
  target: string,
  main?: Pick<Redis, 'status'>,
): { error(err: unknown): void; ready(): void; isDown(): boolean; onReconnect(listener: () => void): void } {
  let down = false;
  let since = 0;
  const listeners: (() => void)[] = [];
  return {
    error(err) {
      if (!isConnectionError(err)) {
        log.error({ err }, 'job system error (Redis, BullMQ)');
        return;
      }
      if (down || main?.status === 'ready') return;
      down = true;
      since = Date.now();
      const code = (err as { code?: string }).code ?? (err as Error).message;
      log.error(`Redis at ${target} is unreachable (${code}); retrying quietly with backoff until it answers`);
    },
    ready() {
      if (!down) return;
      down = false;
      log.info(`Redis at ${target} is reachable again after ${Math.round((Date.now() - since) / 1000)} s`);
      for (const l of listeners) l();
    },
    isDown: () => down,
    onReconnect(listener) {
      listeners.push(listener);
    },
  };
}

/** Reconnect delay: 0.5 s, 1 s, 1.5 s … up to 10 s between attempts while Redis is away. */
export const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 500, 10_000);

/** What an app-side command may take before it counts as "Redis unreachable" (answers are due in 2 s). */
export const APP_COMMAND_TIMEOUT_MS = 1_500;

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, retryStrategy: reconnectDelayMs },
  // The app's commands are refused while it reconnects, so it tries at least every 2 s: people are told
  // "try again", and should find the scheduler back soon after Redis is.
  app: {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: APP_COMMAND_TIMEOUT_MS,
    connectTimeout: APP_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(reconnectDelayMs(attempt), 2_000),
  },
};

/**
 * Connects to `url` (REDIS_URL, as the command that starts the process read it) under `prefix`
 * (QUEUE_PREFIX), for workers (default) or for the app side (see {@link RedisRole}). The log gets one
 * line per outage and one when Redis is back, whatever the number of retries.
 */
export function connectJobs(opts: { url: string; prefix: string; log?: Logger; role?: RedisRole }): JobsConnection {
  const url = opts.url;
  const role = opts.role ?? 'worker';
  const redis = new Redis(url, { ...ROLE_OPTIONS[role], enableReadyCheck: true, lazyConnect: false });
  const watcher = redisWatcher(opts.log ?? childLogger('redis'), where(url), redis);
  // Without an 'error' listener ioredis prints every failed reconnect with its stack.
  redis.on('error', watcher.error);
  redis.on('ready', watcher.ready);
  return {
    redis,
    prefix: opts.prefix,
    role,
    reportError: watcher.error,
    isDown: watcher.isDown,
    onReconnect: watcher.onReconnect,
    async close() {
      try {
        await redis.quit();
      } catch {
        redis.disconnect();
      }
    },
  };
}
